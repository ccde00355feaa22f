// Types for tools/manifest-url.js (plain CommonJS so webpack.config.js can require it).
export declare const DEV_URL: string;
export declare const PLACEHOLDER_URL: string;
export declare function normalizeAddinUrl(url: string): string;
export declare function rewriteManifestUrls(xml: string, url: string): string;
