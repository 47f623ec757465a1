// A short "Browser on OS" label from a User-Agent string, for the devices list. Runtime: any.
// Deliberately small: it names the common browsers and systems, and says "Unknown" otherwise.

const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/[\d.]+/, 'Edge'],
  [/OPR\/[\d.]+/, 'Opera'],
  [/Firefox\/[\d.]+|FxiOS\/[\d.]+/, 'Firefox'],
  [/HeadlessChrome\/[\d.]+/, 'Headless Chrome'],
  [/Chrome\/[\d.]+|CriOS\/[\d.]+/, 'Chrome'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
  [/^curl\//, 'curl'],
  [/^node|undici/i, 'Node.js'],
];

const SYSTEMS: [RegExp, string][] = [
  [/Windows NT/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export function describeUserAgent(ua: string): string {
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? (ua.trim() === '' ? 'Unknown device' : 'Unknown browser');
}
