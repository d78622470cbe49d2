// Usage: node send.mjs <baseUrl> <writeKey> <runId>
// Sends, through the unmodified Segment Node SDK, an identify, an alias-free anonymous page view that
// the identify links, and a few tracks; exits non-zero on any delivery error.
import { Analytics } from '@segment/analytics-node';

const [baseUrl, writeKey, runId] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host: baseUrl, path: '/v1/batch', flushAt: 10, flushInterval: 300, maxRetries: 3 });
let failed = 0;
analytics.on('error', (err) => { failed++; console.error('delivery error', err?.code ?? err); });

const userId = `sdk-user-${runId}`;
const anonymousId = `sdk-anon-${runId}`;
analytics.page({ anonymousId, name: 'Home', properties: { path: '/' } });
analytics.identify({ userId, anonymousId, traits: { name: '李雷', city: '杭州', tier: 'gold' } });
for (let i = 0; i < 5; i++) {
  analytics.track({ userId, event: 'Product Viewed', properties: { product_id: `SKU-${i}`, price: 9.9 + i } });
}
analytics.track({ userId, event: 'Order Completed', properties: { order_id: `O-${runId}`, total: 59.4, currency: 'CNY' } });
await analytics.closeAndFlush({ timeout: 10000 });
if (failed > 0) process.exit(1);
console.log('sent 8');
