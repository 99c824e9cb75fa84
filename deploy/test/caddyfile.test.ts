// The Caddyfile through Debian's caddy: `caddy validate` with and without SITE_ADDRESS, `caddy fmt`,
// and the JSON that `caddy adapt` makes of it (issuers, headers, upstream, access log).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CADDYFILE, caddy, caddyBinary, caddyEnv } from './support/caddy.js';
import { run } from './support/processes.js';

const DOMAIN = { SITE_ADDRESS: 'digits.example.com', ACME_EMAIL: 'ops@example.com' };

// The parts of Caddy's JSON config the tests read.
interface Handler {
  handler: string;
  routes?: Route[];
  response?: {
    set?: Record<string, string[]>;
    delete?: string[];
    deferred?: boolean;
    require?: { headers?: Record<string, null> };
  };
  upstreams?: { dial: string }[];
  dynamic_upstreams?: { source: string; name: string; port: string; refresh?: number };
  load_balancing?: { selection_policy?: { policy: string }; try_duration?: number };
  health_checks?: { passive?: { fail_duration?: number } };
  encodings?: Record<string, unknown>;
  max_size?: number;
}
interface Route {
  match?: { host?: string[]; not?: { host?: string[] }[] }[];
  handle: Handler[];
}
interface Config {
  admin?: { listen?: string; disabled?: boolean };
  logging?: { logs: Record<string, { writer?: { output: string }; encoder?: { format: string } }> };
  apps: {
    http: { http_port?: number; https_port?: number; servers: Record<string, ServerConfig> };
    tls?: { automation?: { policies: { subjects?: string[]; issuers?: Issuer[] }[] } };
    pki?: { certificate_authorities?: { local?: { install_trust?: boolean } } };
  };
}
interface ServerConfig {
  listen: string[];
  routes: Route[];
  logs?: { logger_names?: Record<string, string> };
}
interface Issuer {
  module: string;
  email?: string;
}

function adapt(vars: Record<string, string> = {}): Config {
  const r = caddy('adapt', vars);
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Config;
}

/** Every handler of the site's routes, subroutes flattened, with the matchers of its route. */
function handlers(config: Config): { handler: Handler; match: Route['match'] }[] {
  const out: { handler: Handler; match: Route['match'] }[] = [];
  const walk = (routes: Route[], outer: Route['match']) => {
    for (const route of routes) {
      for (const h of route.handle) {
        if (h.routes) walk(h.routes, route.match ?? outer);
        else out.push({ handler: h, match: route.match });
      }
    }
  };
  for (const server of Object.values(config.apps.http.servers)) walk(server.routes, undefined);
  return out;
}

test('caddy validate accepts it without SITE_ADDRESS (localhost) and with a domain', () => {
  caddyBinary();
  const cases: Record<string, string>[] = [{}, { SITE_ADDRESS: 'localhost' }, DOMAIN];
  for (const vars of cases) {
    const r = caddy('validate', vars);
    assert.is(r.status, 0, `${JSON.stringify(vars)}: ${r.stderr}`);
    assert.match(r.stdout + r.stderr, /Valid configuration/);
  }
});

test('caddy fmt leaves it as it is', () => {
  const r = run(caddyBinary(), ['fmt', CADDYFILE], { env: caddyEnv().env });
  assert.is(r.status, 0, r.stderr);
  assert.fixture(r.stdout, readFileSync(CADDYFILE, 'utf8'));
});

test('localhost: ports 80/443, the local CA (no ACME), never installed in a trust store', () => {
  const config = adapt();
  assert.is(config.apps.http.http_port, 80);
  assert.is(config.apps.http.https_port, 443);
  const policies = config.apps.tls?.automation?.policies ?? [];
  assert.not.ok(
    policies.some((p) => p.issuers?.some((i) => i.module === 'acme')),
    'no ACME issuer for localhost: automatic HTTPS uses the local CA',
  );
  assert.is(config.apps.pki?.certificate_authorities?.local?.install_trust, false);
  assert.is(config.admin?.listen, 'localhost:2019');
  const site = Object.values(config.apps.http.servers)[0];
  assert.equal(site.listen, [':443']);
  assert.equal(site.routes[0].match, [{ host: ['localhost'] }]);
});

test("a domain: ACME (Let's Encrypt, then ZeroSSL) with ACME_EMAIL, for that name only", () => {
  const config = adapt(DOMAIN);
  const policies = config.apps.tls?.automation?.policies ?? [];
  assert.is(policies.length, 1);
  assert.equal(policies[0].subjects, ['digits.example.com']);
  assert.equal(
    policies[0].issuers?.map((i) => [i.module, i.email]),
    [
      ['acme', 'ops@example.com'],
      ['zerossl', 'ops@example.com'],
    ],
  );
  const noEmail = adapt({ SITE_ADDRESS: 'digits.example.com' });
  const issuers = noEmail.apps.tls?.automation?.policies[0].issuers ?? [];
  assert.ok(issuers.length > 0 && issuers.every((i) => i.email === undefined), 'email optional');
});

test("proxy, compression, body cap and security headers that leave the app's own alone", () => {
  const all = handlers(adapt());
  const by = (name: string) => all.filter((h) => h.handler.handler === name);
  // Every replica of `app`: its A records, looked up again every 5 s, taken in turn.
  const proxy = by('reverse_proxy')[0].handler;
  assert.equal(proxy.dynamic_upstreams, {
    source: 'a',
    name: 'app',
    port: '3000',
    refresh: 5_000_000_000,
  });
  assert.is(proxy.load_balancing?.selection_policy?.policy, 'round_robin');
  assert.ok((proxy.load_balancing?.try_duration ?? 0) > 0, 'a request retries another replica');
  assert.ok((proxy.health_checks?.passive?.fail_duration ?? 0) > 0, 'a failing replica is skipped');
  assert.equal(Object.keys(by('encode')[0].handler.encodings ?? {}).sort(), ['gzip', 'zstd']);
  assert.is(by('request_body')[0].handler.max_size, 2_000_000);

  const headers = by('headers');
  const set = (name: string) => headers.find((h) => h.handler.response?.set?.[name]);
  // Defaults only (`?`): applied when the response has none, so the app's CSP etc. win.
  for (const name of ['X-Content-Type-Options', 'Referrer-Policy', 'Content-Security-Policy']) {
    const h = set(name)?.handler.response;
    assert.ok(h?.require?.headers && name in h.require.headers, `${name} is only a default`);
  }
  assert.ok(set('Permissions-Policy'), 'Permissions-Policy is added');
  assert.ok(headers.some((h) => h.handler.response?.delete?.includes('Server')));

  const hsts = set('Strict-Transport-Security');
  assert.ok(hsts?.handler.response?.deferred, "HSTS replaces the app's (deferred)");
  assert.equal(hsts?.match?.[0].not?.[0].host?.includes('localhost'), true, 'not on localhost');
  const dropped = headers.find((h) =>
    h.handler.response?.delete?.includes('Strict-Transport-Security'),
  );
  assert.ok(dropped?.match?.[0].host?.includes('localhost'), 'and removed on localhost');
});

test('access log: JSON on stdout', () => {
  const config = adapt();
  const logs = Object.values(config.logging?.logs ?? {});
  const access = logs.find((l) => l.writer?.output === 'stdout');
  assert.ok(access, JSON.stringify(config.logging));
  assert.is(access?.encoder?.format, 'json');
  const site = Object.values(config.apps.http.servers)[0];
  assert.ok(site.logs, 'the site logs its requests');
});

test('HTTP_PORT, HTTPS_PORT, APP_HOST, APP_PORT and CADDY_ADMIN move it (the end-to-end test uses them)', () => {
  const config = adapt({
    HTTP_PORT: '18080',
    HTTPS_PORT: '18443',
    APP_HOST: '127.0.0.1',
    APP_PORT: '4000',
    CADDY_ADMIN: 'off',
  });
  assert.is(config.apps.http.http_port, 18080);
  assert.is(config.apps.http.https_port, 18443);
  assert.equal(Object.values(config.apps.http.servers)[0].listen, [':18443']);
  const proxy = handlers(config).find((h) => h.handler.handler === 'reverse_proxy');
  assert.is(proxy?.handler.dynamic_upstreams?.name, '127.0.0.1');
  assert.is(proxy?.handler.dynamic_upstreams?.port, '4000');
  assert.is(config.admin?.disabled, true);
});

test.run();
