/**
 * Zod compiles fast parsers with `new Function` when it may. The app's
 * Content Security Policy forbids eval (config/securityHeaders.ts), so Zod
 * is told not to try: each try would be a CSP violation, and it parses just
 * as well without compiling. Imported first by main.tsx, so it holds before
 * any module parses anything.
 */
import { z } from "zod";

z.config({ jitless: true });
