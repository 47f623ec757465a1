// Next.js configuration. The security headers that every page gets live here.
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tests included) with `tsc`; the build skips its own
  // second pass so `npm start` stays quick.
  typescript: { ignoreBuildErrors: true },
  // Next would answer `/console/` with its own redirect before the middleware runs, so a foreign Host
  // got a 308 instead of 421. The middleware makes that redirect itself, after its Host check.
  skipTrailingSlashRedirect: true,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
