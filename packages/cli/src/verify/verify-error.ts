/**
 * A failure of `taxon verify` that is not a finding: bad usage, credentials, network, an API
 * refusing the request. Exit code 2. The message is written for people and holds no secret.
 */
export class VerifyError extends Error {
  override name = 'VerifyError';
}

/** Short description of a fetch failure (`ECONNREFUSED`, `ENOTFOUND`, a timeout), without URLs. */
export function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return 'timed out';
  return cause?.message ?? (error as Error).message ?? 'network error';
}

/**
 * Replaces every registered secret (private key and its lines, access token, JWT, API secret)
 * in text. A last line of defence: messages are built without secrets in the first place.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (!secret || secret.length < 6) return;
    this.secrets.add(secret);
    for (const line of secret.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) this.secrets.add(line);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
    return out;
  }
}
