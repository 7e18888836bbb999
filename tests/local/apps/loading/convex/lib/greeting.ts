// A helper whose only export is the default one.
export default function greeting(name: string): string {
  return `Hello, ${name}!`;
}
