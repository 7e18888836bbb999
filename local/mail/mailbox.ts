// The development mailbox: when no SMTP server is configured for the
// functions, the local backend runs a real SMTP server on loopback
// (smtp-server), keeps every message it receives in the data directory
// (<data>/mailbox/<id>.eml, with a small JSON index), points the functions'
// SMTP_* environment at it, and serves a mailbox page on its main origin:
//   GET /mailbox                         the messages, newest first
//   GET /mailbox/messages.json           the same as JSON (tests, scripts)
//   GET /mailbox/<id>                    one message: headers, body, attachments
//   GET /mailbox/<id>/attachments/<n>    an attachment, to open or save
//   GET /mailbox/<id>/raw                the message as received (.eml)
// A person trying the product sees their scheduled report arrive here.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type MailSummary = {
  id: string;
  received_at: string;
  from: string;
  to: string;
  subject: string;
  attachments: { index: number; filename: string; content_type: string; size: number }[];
};

const ID = /^[0-9]{13}-[0-9a-z]{6}$/;

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export class DevMailbox {
  private constructor(
    private readonly dir: string,
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  /** The SMTP settings the functions get. */
  get env(): Record<string, string> {
    return { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(this.port), SMTP_SECURE: "none", SMTP_FROM: "WorkloadWizard <reports@localhost>" };
  }

  /** Starts the mailbox unless `env` names an SMTP server; null then. */
  static async startUnlessConfigured(dataDir: string, env: Record<string, string | undefined>, port = 0): Promise<DevMailbox | null> {
    if (env.SMTP_HOST) return null;
    const dir = join(dataDir, "mailbox");
    mkdirSync(dir, { recursive: true });
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      size: 50 * 1024 * 1024,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          DevMailbox.keep(dir, raw).then(
            () => callback(),
            (e: Error) => callback(e),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    return new DevMailbox(dir, server, (server.server.address() as AddressInfo).port);
  }

  private static async keep(dir: string, raw: Buffer): Promise<void> {
    const mail = await simpleParser(raw);
    const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}`;
    const summary: MailSummary = {
      id,
      received_at: new Date().toISOString(),
      from: mail.from?.text ?? "",
      to: (Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(", ") : mail.to?.text) ?? "",
      subject: mail.subject ?? "(no subject)",
      attachments: mail.attachments.map((a, index) => ({ index, filename: a.filename ?? `attachment-${index + 1}`, content_type: a.contentType, size: a.size })),
    };
    writeFileSync(join(dir, `${id}.eml`), raw);
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(summary));
  }

  list(): MailSummary[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(readFileSync(join(this.dir, f), "utf8")) as MailSummary)
      .sort((a, b) => b.id.localeCompare(a.id));
  }

  /** True for the mailbox's own paths. */
  handles(req: IncomingMessage): boolean {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    return path === "/mailbox" || path.startsWith("/mailbox/");
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
    const html = (status: number, body: string) =>
      void res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" }).end(page(body));
    if (path === "/mailbox") return html(200, this.listPage());
    if (path === "/mailbox/messages.json") {
      return void res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" }).end(JSON.stringify(this.list()));
    }
    const [, , id, part, index] = path.split("/");
    if (!ID.test(id ?? "")) return html(404, "<p>No such message.</p>");
    let raw: Buffer;
    try {
      raw = readFileSync(join(this.dir, `${id}.eml`));
    } catch {
      return html(404, "<p>No such message.</p>");
    }
    if (part === "raw") return void res.writeHead(200, { "Content-Type": "message/rfc822", "Content-Disposition": `attachment; filename="${id}.eml"` }).end(raw);
    const mail = await simpleParser(raw);
    if (part === "attachments") {
      const a = mail.attachments[Number(index)];
      if (!a) return html(404, "<p>No such attachment.</p>");
      const filename = (a.filename ?? "attachment").replace(/[^\w.\- ]+/g, "_");
      return void res
        .writeHead(200, { "Content-Type": a.contentType, "Content-Length": String(a.content.length), "Content-Disposition": `inline; filename="${filename}"` })
        .end(a.content);
    }
    const attachments = mail.attachments
      .map((a, i) => `<li><a href="/mailbox/${id}/attachments/${i}">${escapeHtml(a.filename ?? `attachment ${i + 1}`)}</a> <span class="muted">${escapeHtml(a.contentType)}, ${Math.max(1, Math.round(a.size / 1024))} KB</span></li>`)
      .join("");
    return html(
      200,
      `<p><a href="/mailbox">← All messages</a></p>
<h1>${escapeHtml(mail.subject ?? "(no subject)")}</h1>
<table class="headers"><tr><th>From</th><td>${escapeHtml(mail.from?.text ?? "")}</td></tr>
<tr><th>To</th><td>${escapeHtml((Array.isArray(mail.to) ? mail.to.map((x) => x.text).join(", ") : mail.to?.text) ?? "")}</td></tr>
<tr><th>Date</th><td>${escapeHtml(mail.date?.toISOString() ?? "")}</td></tr></table>
<h2>Attachments</h2><ul class="attachments">${attachments || "<li class='muted'>None</li>"}</ul>
<h2>Message</h2><pre class="body">${escapeHtml(mail.text ?? "")}</pre>
<p><a href="/mailbox/${id}/raw">Download the message (.eml)</a></p>`,
    );
  }

  private listPage(): string {
    const rows = this.list()
      .map(
        (m) => `<tr><td><a href="/mailbox/${m.id}">${escapeHtml(m.subject)}</a></td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.received_at.replace("T", " ").slice(0, 19))} UTC</td>
<td>${m.attachments.map((a) => `<a href="/mailbox/${m.id}/attachments/${a.index}">${escapeHtml(a.filename)}</a>`).join(", ")}</td></tr>`,
      )
      .join("");
    return `<h1>Development mailbox</h1>
<p class="muted">Every email the local backend's functions send arrives here (SMTP on 127.0.0.1:${this.port}); nothing leaves this machine. Reload to see new messages.</p>
<table class="list"><thead><tr><th>Subject</th><th>To</th><th>Received</th><th>Attachments</th></tr></thead><tbody>${rows || `<tr><td colspan="4" class="muted">No messages yet.</td></tr>`}</tbody></table>`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development mailbox · WorkloadWizard</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2937;max-width:70rem}a{color:#1d4ed8}.muted{color:#6b7280}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
table.headers{width:auto}pre.body{white-space:pre-wrap;background:#f9fafb;padding:1rem;border-radius:.4rem}</style></head><body>${body}</body></html>`;
}
