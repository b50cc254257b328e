"""What encrypting a ballot would cost in a low-end phone's browser (issue 20): measured in
headless Chromium (Debian's /usr/bin/chromium through Playwright) with the CPU throttled x4 via
CDP `Emulation.setCPUThrottlingRate`, the issue's stand-in for a low-end phone.

    make bench B=governance_browser ARGS="--runs 20"

linli does not encrypt in the browser (no vetted JavaScript implementation of ElectionGuard 1.0's
group and proofs was found to vendor: see docs/governance.md). This measures the primitive such
code would be built on — JavaScript's native BigInt, a 4096-bit modular exponentiation with a
256-bit exponent mod ElectionGuard's p (square-and-multiply over BigInt here, for the
measurement only, never served) — and a 4096-bit multiplication mod p, and multiplies them out by
what one ballot needs (9 candidates: 1 of 2, 2 of 3, 3 of 4), counted from `crypto.encrypt_ballot`:
  * without precomputation: 87 exponentiations (per candidate g^r, K^r and a "0 or 1" proof of
    5; per position a 0..seats proof of 3 per simulated branch + 2);
  * with fixed-base tables for g and K (as `crypto.FixedBase`; 2 x 8,160 multiplications once per
    page): the same 87 as fixed-base exponentiations of at most 32 multiplications each.
"""

import time

from common import parser

JS = """
([pHex, gHex, kHex, eHexes, runs]) => {
  const p = BigInt('0x' + pHex), g = BigInt('0x' + gHex), k = BigInt('0x' + kHex);
  const es = eHexes.map(e => BigInt('0x' + e));
  function modpow(b, e, m) {
    let r = 1n; b %= m;
    while (e > 0n) { if (e & 1n) r = r * b % m; b = b * b % m; e >>= 1n; }
    return r;
  }
  const t0 = performance.now();
  let x = 1n;
  for (let i = 0; i < runs; i++) x = (x * modpow(i % 2 ? g : k, es[i % es.length], p)) % p;
  const t1 = performance.now();
  let y = g;
  const mults = 2000;
  for (let i = 0; i < mults; i++) y = y * k % p;
  const t2 = performance.now();
  return {pow_ms: (t1 - t0) / runs, mul_us: (t2 - t1) * 1000 / mults, check: (x ^ y).toString(16).length};
}
"""


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--throttle", type=float, default=4.0)
    args = p.parse_args()

    from playwright.sync_api import sync_playwright

    from linli.governance import crypto

    grp = crypto.group()
    key = crypto.gpow(crypto.rand_q())
    exps = [crypto.h(crypto.rand_q()) for _ in range(8)]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless=new"]
        )
        page = browser.new_page()
        page.goto("about:blank")
        results = {}
        cdp = page.context.new_cdp_session(page)
        for rate in (1.0, args.throttle):
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            start = time.perf_counter()
            out = page.evaluate(JS, [crypto.h(grp.p), crypto.h(grp.g), crypto.h(key), exps, args.runs])
            results[rate] = out
            print(
                f"CPU x{rate:g}: 4096-bit modpow (256-bit exponent) {out['pow_ms']:.1f} ms, "
                f"mulmod {out['mul_us']:.0f} µs ({time.perf_counter() - start:.1f} s wall)"
            )
        browser.close()
    slow = results[args.throttle]
    plain = 87 * slow["pow_ms"]
    tables = 2 * 8160 * slow["mul_us"] / 1000
    fixed = 87 * 32 * slow["mul_us"] / 1000
    print(
        f"one ballot at CPU x{args.throttle:g}: {plain / 1000:.2f} s without tables; with fixed-base tables "
        f"{fixed / 1000:.2f} s per ballot after {tables / 1000:.2f} s of tables per page load"
    )


if __name__ == "__main__":
    main()
