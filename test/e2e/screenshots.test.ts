// Screenshots of the landing page, the app and /analytics (after an acquisition walk, so the
// funnel chart has data) in test-results/e2e/, for people reviewing a run.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import { poll, ROOT } from './lib/stack.js';
import { generate, landWithConsent, settle, signUpAndOnboard, visit } from './lib/walks.js';

const e2e = useE2E();
const SCREENSHOT_DIR = join(ROOT, 'test-results/e2e');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('screenshots', () => {
  it('writes the landing page, the app and /analytics as PNGs to test-results/e2e/', async () => {
    const { page } = e2e.session;
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const shots = { landing: join(SCREENSHOT_DIR, 'landing.png'), app: join(SCREENSHOT_DIR, 'app.png'),
      analytics: join(SCREENSHOT_DIR, 'analytics.png') };
    // A file left by an earlier run must not pass for this one.
    for (const path of Object.values(shots)) await rm(path, { force: true });

    await landWithConsent(page, e2e.stack);
    await settle(page, 300);
    await page.screenshot({ path: shots.landing, fullPage: true });
    await signUpAndOnboard(page);
    expect((await generate(page)).kind).toBe('output');
    await page.screenshot({ path: shots.app, fullPage: true });

    await poll(() => e2e.stack.funnels(), (fs) => (fs.find((f) => f.name === 'acquisition')?.completed ?? 0) >= 1,
      'the acquisition funnel to complete');
    await visit(page, e2e.stack, '/analytics');
    await settle(page, 300);
    // The chart shows the walk just made: the last acquisition step is on the page.
    await page.getByText('first_generation_completed', { exact: false }).first().waitFor({ timeout: 10_000 })
      .catch(() => page.getByText(/first generation/i).first().waitFor({ timeout: 5_000 }));
    await page.screenshot({ path: shots.analytics, fullPage: true });

    for (const [name, path] of Object.entries(shots)) {
      const bytes = await readFile(path);
      expect(bytes.length, `${name}.png size`).toBeGreaterThan(5_000);
      const { width, height } = pngSize(bytes);
      expect(width, `${name}.png width`).toBe(1280);
      expect(height, `${name}.png height`).toBeGreaterThanOrEqual(800);
    }
  });
});
