// svg-to-pdfkit ships no types: the one function the PDF writer calls.
declare module "svg-to-pdfkit" {
  type FontCallback = (family: string, bold: boolean, italic: boolean, options: unknown) => string;
  export default function SVGtoPDF(
    doc: unknown,
    svg: string,
    x: number,
    y: number,
    options?: { width?: number; height?: number; assumePt?: boolean; fontCallback?: FontCallback; preserveAspectRatio?: string },
  ): void;
}
