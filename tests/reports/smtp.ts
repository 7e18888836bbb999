/**
 * A real SMTP server on 127.0.0.1 for the email tests (smtp-server), with
 * mailparser reading what arrived; it can be told to refuse recipients.
 */
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type TestSmtp = {
  port: number;
  messages: ParsedMail[];
  /** While set, every recipient is refused with this reply. */
  refuse: string | null;
  /** Recipients refused so far. */
  refused: number;
  close: () => Promise<void>;
  env: Record<string, string>;
};

export async function startSmtp(): Promise<TestSmtp> {
  const state: { messages: ParsedMail[]; refuse: string | null; refused: number } = { messages: [], refuse: null, refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.refuse) {
        state.refused += 1;
        const err = new Error(state.refuse) as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          state.messages.push(mail);
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    get messages() {
      return state.messages;
    },
    get refused() {
      return state.refused;
    },
    get refuse() {
      return state.refuse;
    },
    set refuse(v: string | null) {
      state.refuse = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    env: { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(port), SMTP_SECURE: "none", SMTP_FROM: "WorkloadWizard <reports@lhu.example>" },
  };
}

/**
 * Waits for the SMTP server to see `count` recipients (accepted or refused),
 * then for every function in flight to finish. It reads no table while an
 * action may be storing files: convex-test lets an action's storage write
 * land in whatever transaction is open at that moment.
 */
export async function waitForMail(smtp: TestSmtp, t: { finishInProgressScheduledFunctions: () => Promise<void> }, count: number, ms = 90_000) {
  const until = Date.now() + ms;
  while (smtp.messages.length + smtp.refused < count) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${count} recipients (saw ${smtp.messages.length} accepted, ${smtp.refused} refused)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (let i = 0; i < 5; i++) {
    await t.finishInProgressScheduledFunctions();
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Polls `check` until it returns a value (real timers), or fails after `ms`. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, ms = 60_000, what = "the condition"): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
