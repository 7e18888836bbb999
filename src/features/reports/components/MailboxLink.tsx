/** In local mode (no Clerk), the local backend's development mailbox, where every email the app sends arrives. */
import { env } from "@/lib/env";

export function MailboxLink() {
  if (env.clerkPublishableKey) return null;
  return (
    <a href={`${env.convexUrl}/mailbox`} target="_blank" rel="noreferrer" className="text-sm font-medium text-indigo-700 hover:underline">
      Open the development mailbox
    </a>
  );
}
