// Assembles the local backend: the engine over a data directory, the sync
// and HTTP APIs on the main port, HTTP actions on the site port, the dev
// identity provider, crons, the scheduler and reload on change.
// Both CLI commands (local/cli) start it through `LocalBackend.start`, which
// throws FunctionsFolderError (Convex's message) for a functions directory
// Convex would refuse.
import { watch, type FSWatcher } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { CronRunner } from "../engine/crons.js";
import { DataDir } from "../engine/durable.js";
import { Engine, FunctionsFolderError } from "../engine/engine.js";
import { readImportFile } from "../engine/exchange.js";
import { Scheduler } from "../engine/scheduler.js";
import { DevMailbox } from "../mail/mailbox.js";
import { TokenVerifier } from "./auth.js";
import { DEV_AUTH_PATH, DevAuth } from "./devAuth.js";
import { HttpApi } from "./httpApi.js";
import { SerialQueue } from "./protocol.js";
import { SiteServer } from "./site.js";
import { SyncServer } from "./sync.js";

export type LocalBackendOptions = {
  /** The Convex functions directory (contains schema.ts, _generated/, ...). */
  functionsDir: string;
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  sitePort: number;
  host?: string;
  /** Wipe the data directory first. */
  reset?: boolean;
  /** Extra environment variables for the functions. */
  env?: Record<string, string>;
  /** Reload the functions when a file under functionsDir changes. */
  watch?: boolean;
  /** A snapshot ZIP (Convex's export format) to load into the empty data directory first. */
  importFile?: string;
  /** Snapshot once the log holds this many bytes (default: the last snapshot's size, at least 4 MiB). */
  compactAtBytes?: number;
  log?: (line: string) => void;
};

const SYNC_PATH = /^\/api\/[^/]+\/sync$/;

export class LocalBackend {
  private constructor(
    readonly url: string,
    readonly siteUrl: string,
    readonly engine: Engine,
    readonly devAuth: DevAuth,
    private readonly mainServer: http.Server,
    private readonly siteServer: http.Server,
    private readonly sync: SyncServer,
    private readonly crons: CronRunner,
    private readonly scheduler: Scheduler,
    private readonly mutations: SerialQueue,
    private readonly watcher: FSWatcher | null,
    /** The development mailbox, when no SMTP server is configured (local/mail). */
    readonly mailbox: DevMailbox | null = null,
  ) {}

  /** The dev sign-in issuer, `http://host:port/dev-auth`. */
  get issuer(): string {
    return this.devAuth.issuer;
  }

  static async start(options: LocalBackendOptions): Promise<LocalBackend> {
    const host = options.host ?? "127.0.0.1";
    const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
    if (options.reset) DataDir.reset(options.dataDir);

    // Listen first: the issuer URL and storage URLs need the real ports.
    // Requests that arrive before the engine is ready get 503.
    let onMain: http.RequestListener = (_req, res) => void res.writeHead(503).end("Starting");
    let onSite: http.RequestListener = (_req, res) => void res.writeHead(503).end("Starting");
    const mainServer = http.createServer((req, res) => onMain(req, res));
    const siteServer = http.createServer((req, res) => onSite(req, res));
    const port = await listen(mainServer, options.port, host);
    const sitePort = await listen(siteServer, options.sitePort, host);
    const url = `http://${host}:${port}`;
    const siteUrl = `http://${host}:${sitePort}`;
    const issuer = `${url}${DEV_AUTH_PATH}`;

    // Functions read these at import time (auth.config.ts), so set them first.
    Object.assign(process.env, {
      WW_DEV_SIGNIN: "1",
      WW_DEV_ISSUER: issuer,
      CONVEX_CLOUD_URL: url,
      CONVEX_SITE_URL: siteUrl,
      ...options.env,
    });

    const dataDir = new DataDir(resolve(options.dataDir), { compactAtBytes: options.compactAtBytes });
    const mailbox = await DevMailbox.startUnlessConfigured(dataDir.dir, process.env);
    if (mailbox) {
      Object.assign(process.env, mailbox.env);
      log(`Development mailbox at ${url}/mailbox (SMTP on 127.0.0.1:${mailbox.port})`);
    }
    const devAuth = await DevAuth.open(join(dataDir.dir, "dev-auth"), issuer);
    let engine: Engine;
    try {
      engine = await Engine.create({ functionsDir: options.functionsDir, dataDir, publicUrl: url, log });
    } catch (e) {
      await Promise.all([close(mainServer), close(siteServer)]);
      throw e;
    }
    const loaded = engine.loadReport;
    log(`Data: ${engine.snapshotVersion().documentCount()} documents loaded in ${loaded.ms.toFixed(0)} ms (snapshot ${loaded.snapshotDocuments} documents, log ${loaded.logRecords} records, ${(loaded.logBytes / 1024).toFixed(0)} KiB).`);
    if (options.importFile) {
      const data = readImportFile(options.importFile);
      await engine.importSnapshot(data);
      log(`Imported ${data.documents.length} documents and ${data.files.length} files from ${options.importFile}.`);
    }
    if (loaded.corrupt) {
      log(`Warning: the log of ${dataDir.dir} ended in ${loaded.corrupt.bytes} bytes that do not check out (${loaded.corrupt.reason}) at ${loaded.corrupt.file}:${loaded.corrupt.offset}; the intact part was kept and the rest moved to ${loaded.corrupt.movedTo}.`);
    }
    const verifier = new TokenVerifier(engine, devAuth);
    const mutations = new SerialQueue();
    const sync = new SyncServer(engine, verifier, mutations);
    const api = new HttpApi(engine, verifier, devAuth, mutations);
    const site = new SiteServer(engine, verifier);

    const scheduler = new Scheduler(engine);
    const { pending, interrupted } = await scheduler.start();
    if (pending + interrupted > 0) log(`Scheduled functions: ${pending} re-armed, ${interrupted} marked failed (interrupted).`);
    const crons = new CronRunner(engine);
    await crons.start();

    onMain = (req, res) =>
      void (mailbox?.handles(req) ? mailbox.handle(req, res) : api.handle(req, res)).catch((e: unknown) => internalError(res, e, log));
    onSite = (req, res) => void site.handle(req, res).catch((e: unknown) => internalError(res, e, log));
    mainServer.on("upgrade", (req, socket, head) => {
      if (!SYNC_PATH.test(new URL(req.url ?? "/", "http://localhost").pathname)) return void socket.destroy();
      sync.handleUpgrade(req, socket, head);
    });

    let watcher: FSWatcher | null = null;
    if (options.watch ?? true) {
      let timer: NodeJS.Timeout | undefined;
      let reloading: Promise<void> = Promise.resolve();
      watcher = watch(engine.modules.root, { recursive: true }, (_event, file) => {
        if (file && /(^|[\\/])(node_modules|\.)/.test(file)) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          reloading = reloading.then(async () => {
            try {
              await engine.reload();
              verifier.reset();
              await crons.start();
              sync.invalidateAll();
              log("Functions reloaded.");
            } catch (e) {
              const reason = e instanceof FunctionsFolderError ? e.message : String((e as Error)?.stack ?? e);
              log(`Reload failed, keeping the previous functions:\n${reason}`);
            }
          });
        }, 250);
      });
    }

    return new LocalBackend(url, siteUrl, engine, devAuth, mainServer, siteServer, sync, crons, scheduler, mutations, watcher, mailbox);
  }

  /** Stops timers and sockets, lets queued mutations finish, snapshots. */
  async stop(): Promise<void> {
    this.watcher?.close();
    this.crons.stop();
    this.scheduler.stop();
    this.sync.close();
    this.mainServer.closeAllConnections();
    this.siteServer.closeAllConnections();
    await Promise.race([this.mutations.drain(), new Promise((r) => setTimeout(r, 5_000))]);
    await this.engine.close();
    await Promise.all([close(this.mainServer), close(this.siteServer), this.mailbox?.close()]);
  }
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((r) => server.close(() => r()));
}

function internalError(res: http.ServerResponse, e: unknown, log: (line: string) => void): void {
  log(`Request failed: ${String((e as Error)?.stack ?? e)}`);
  if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
  res.end(`Internal error: ${String((e as Error)?.message ?? e)}`);
}
