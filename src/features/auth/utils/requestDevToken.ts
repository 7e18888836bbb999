/**
 * Asks the local backend's dev identity provider for a JWT for one person
 * (POST {subject, name, email} -> {token, expiresAt}). `expiresAt` may come in
 * seconds or milliseconds; it is returned in milliseconds.
 */
import { env } from "@/lib/env";
import type { DevSession } from "./devSessionStorage";

export async function requestDevToken(person: { email: string; name: string }, baseUrl = env.devAuthUrl): Promise<DevSession> {
  const res = await fetch(`${baseUrl.replace(/\/$/, "")}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject: person.email, name: person.name, email: person.email }),
  });
  if (!res.ok) throw new Error(`The dev sign-in service refused (${res.status}). Is the local backend running?`);
  const body = (await res.json()) as { token: string; expiresAt?: number };
  const raw = body.expiresAt ?? Date.now() / 1000 + 3600;
  const expiresAt = raw < 1e12 ? raw * 1000 : raw;
  return { email: person.email, name: person.name, token: body.token, expiresAt };
}
