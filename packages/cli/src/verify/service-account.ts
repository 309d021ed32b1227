import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { VerifyError } from './verify-error.js';

/** The fields of a Google service account JSON key that `taxon verify` uses. */
export interface ServiceAccount {
  clientEmail: string;
  privateKey: string;
  privateKeyId: string | undefined;
}

const HOW = 'Create one under Google Cloud console > IAM > Service accounts > Keys > Add key > JSON, and set GOOGLE_APPLICATION_CREDENTIALS to its path.';

/**
 * Reads the key file named by GOOGLE_APPLICATION_CREDENTIALS. Every failure is a VerifyError
 * that names the file and what was expected, and never quotes the file's contents.
 */
export async function readServiceAccount(path: string | undefined): Promise<ServiceAccount> {
  if (!path) throw new VerifyError(`GOOGLE_APPLICATION_CREDENTIALS is not set. Expected the path of a service ` +
    `account JSON key. ${HOW}`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VerifyError(`Cannot read the credentials file ${path} (GOOGLE_APPLICATION_CREDENTIALS): ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // JSON.parse messages quote the text around the error, which may be the private key.
    throw new VerifyError(`The credentials file ${path} is not valid JSON. Expected a service account JSON key. ` +
      `${HOW}`);
  }
  if (typeof key !== 'object' || key === null || key.type !== 'service_account' || typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new VerifyError(`The credentials file ${path} is not a service account key. Expected JSON with "type": ` +
      `"service_account", "client_email" and "private_key" (an OAuth client or user credentials file will ` +
      `not work). ${HOW}`);
  }
  try {
    createPrivateKey(key.private_key);
  } catch {
    throw new VerifyError(`The private_key in ${path} is not a valid PEM private key. Download a new JSON key ` +
      `for ${key.client_email}.`);
  }
  return {
    clientEmail: key.client_email,
    privateKey: key.private_key,
    privateKeyId: typeof key.private_key_id === 'string' ? key.private_key_id : undefined,
  };
}
