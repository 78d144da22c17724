/**
 * Before any test: `dist/` built and current, so the tests that spawn storydesk
 * run the compiled code a self-hoster runs (`npm start`, `npx storydesk ask`).
 */
import { ensureBuilt } from '../bin/build.js';

export default function setup(): void {
  if (!ensureBuilt()) throw new Error('test setup: could not build dist/ (see above)');
}
