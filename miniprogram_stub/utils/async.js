// Small promise helpers.

/**
 * Map `items` through async `fn` with at most `limit` calls in flight, keeping order.
 * WeChat allows only 10 concurrent downloads per mini-program, and a long contract has many pages.
 */
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i], i);
    }
  }
  const workers = [];
  for (let k = 0; k < Math.min(limit, items.length); k += 1) workers.push(worker());
  await Promise.all(workers);
  return results;
}

module.exports = { mapLimit };
