export const chromiumPath: string | undefined;
export const chromiumArgs: string[];
export const launchOptions: { executablePath: string | undefined; args: string[] };
export function startPreview(port: number): Promise<{ base: string; stop: () => void }>;
export function observeLongTasks(page: import('@playwright/test').Page): Promise<void>;
export function portFrom(name: string, fallback: number): number;
