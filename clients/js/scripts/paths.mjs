import { fileURLToPath } from 'node:url';

export const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
export const demoSdkDir = fileURLToPath(new URL('../../../src/Gateway/Demo/wwwroot/sdk/', import.meta.url));
