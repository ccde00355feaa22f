// The production manifest: every dev-server URL (https://localhost:3000/…) becomes the URL the
// add-in is deployed at. Used by webpack.config.js when copying manifest*.xml into dist/, and by
// test/manifest.test.ts.
'use strict';

const DEV_URL = 'https://localhost:3000/';
const PLACEHOLDER_URL = 'https://tizilim.example.kz/';

/** Checks a deployment URL and returns it with a trailing slash; throws on anything but https. */
function normalizeAddinUrl(url) {
  let parsed;
  try {
    parsed = new URL(String(url).trim());
  } catch {
    throw new Error(`add-in URL is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:') {
    throw new Error(`add-in URL must use https (Office loads add-ins only over https): ${url}`);
  }
  if (parsed.search || parsed.hash) {
    throw new Error(`add-in URL must not have a query or fragment: ${url}`);
  }
  if (/^(localhost|127\.|\[::1\])/.test(parsed.hostname)) {
    throw new Error(`add-in URL for a production build must not be localhost: ${url}`);
  }
  const href = parsed.href;
  return href.endsWith('/') ? href : `${href}/`;
}

function escapeXmlAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Replaces every https://localhost:3000/ in a manifest with the deployment URL and checks that no
 * reference to localhost:3000 is left behind.
 */
function rewriteManifestUrls(xml, url) {
  const base = escapeXmlAttribute(normalizeAddinUrl(url));
  const out = String(xml).split(DEV_URL).join(base);
  const left = out.match(/(https?:\/\/)?localhost:3000\S*/);
  if (left) throw new Error(`manifest still refers to the dev server after the rewrite: ${left[0]}`);
  return out;
}

module.exports = { DEV_URL, PLACEHOLDER_URL, normalizeAddinUrl, rewriteManifestUrls };
