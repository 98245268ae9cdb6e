// Copies the compiled SDK (dist/*.js) to the gateway's /demo/ page, which serves it as ./sdk/.
// The copy is committed so that `dotnet run` serves the demo without Node; test/demo-sdk.test.mjs fails
// when it is out of date (run `npm run build && npm run demo:sdk`).
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { demoSdkDir, distDir } from './paths.mjs';

rmSync(demoSdkDir, { recursive: true, force: true });
mkdirSync(demoSdkDir, { recursive: true });
for (const file of readdirSync(distDir).filter((f) => f.endsWith('.js'))) {
  copyFileSync(join(distDir, file), join(demoSdkDir, file));
}
console.log(`copied the SDK to ${demoSdkDir}`);
