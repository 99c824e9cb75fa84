// The production stack's files as data: the compose files parsed with `yaml`, compose's variable
// interpolation, .env.example, the Dockerfile's instructions and .dockerignore's patterns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** A file of the repository as text. */
export function repoFile(path: string): string {
  return readFileSync(join(REPO, path), 'utf8');
}

/** The parts of a compose service the tests look at. */
export interface ComposeService {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
  networks?: string[];
  restart?: string;
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  logging?: { driver: string; options?: Record<string, string> };
  deploy?: { replicas?: string | number };
}

/** The parts of a compose file the tests look at. */
export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  networks?: Record<string, { driver?: string } | null>;
  volumes?: Record<string, unknown>;
}

/** A compose file parsed as YAML (aliases resolved), without interpolation. */
export function readCompose(path: string): ComposeFile {
  return parse(repoFile(path)) as ComposeFile;
}

// Compose's interpolation: $$ is a literal $, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}; also $VAR.
const REFERENCE =
  /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Names of the variables a compose file's text refers to (escaped `$$` excluded). */
export function composeVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(REFERENCE)) {
    const name = m[2] ?? m[5];
    if (name) names.add(name);
  }
  return names;
}

/** Compose's interpolation of `text` with `env`; throws the `:?` message of a missing variable. */
export function interpolate(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return text.replace(REFERENCE, (whole, _inner, braced, op, arg, bare) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare;
    const value = env[name];
    const empty = value === undefined || (op?.startsWith(':') && value === '');
    switch (op) {
      case ':-':
      case '-':
        return empty ? arg : value;
      case ':?':
      case '?':
        if (empty) throw new Error(`${name}: ${arg}`);
        return value as string;
      case ':+':
      case '+':
        return empty ? '' : arg;
      default:
        return value ?? '';
    }
  });
}

/** A variable of .env.example. */
export interface EnvExampleEntry {
  name: string;
  value: string;
  /** The comment lines right above it. */
  doc: string;
}

/** The variables of .env.example, in order, each with the comment above it (or above its group). */
export function readEnvExample(): EnvExampleEntry[] {
  const entries: EnvExampleEntry[] = [];
  let doc: string[] = [];
  let afterVariable = false;
  for (const raw of repoFile('.env.example').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      doc = [];
    } else if (line.startsWith('#')) {
      if (afterVariable) doc = [];
      doc.push(line.replace(/^#\s?/, ''));
    } else {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (!m) throw new Error(`.env.example: not NAME=value: ${line}`);
      entries.push({ name: m[1], value: m[2], doc: doc.join(' ') });
    }
    afterVariable = line !== '' && !line.startsWith('#');
  }
  return entries;
}

/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  /** Upper case: FROM, RUN, COPY, … */
  keyword: string;
  args: string;
  /** 1-based line where it starts. */
  line: number;
  /** Index of its stage (the FROM it follows); -1 before the first FROM. */
  stage: number;
}

/** A build stage: its FROM line's image and name, and its instructions. */
export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** A parsed Dockerfile: instructions in order and the stages they form. */
export interface Dockerfile {
  instructions: Instruction[];
  stages: Stage[];
  /** ARG defaults declared before the first FROM. */
  globalArgs: Record<string, string>;
}

/** Parses a Dockerfile line by line: comments and blank lines dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i].trim();
    if (first === '' || first.startsWith('#')) continue;
    const start = i + 1;
    let joined = first;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      joined = joined.slice(0, -1).trimEnd();
      const next = lines[++i].trim();
      // Comment lines inside a continued instruction are dropped, as Docker does.
      if (next.startsWith('#')) {
        joined += ' \\';
        continue;
      }
      joined += ` ${next}`;
    }
    const m = /^(\S+)\s*(.*)$/.exec(joined) as RegExpExecArray;
    const keyword = m[1].toUpperCase();
    const args = m[2];
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile:${start}: cannot read FROM ${args}`);
      stages.push({ image: from[1], name: from[2], instructions: [] });
    } else if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = args.split('=', 2);
      globalArgs[name] = value;
    }
    const instruction = { keyword, args, line: start, stage: stages.length - 1 };
    instructions.push(instruction);
    stages.at(-1)?.instructions.push(instruction);
  }
  return { instructions, stages, globalArgs };
}

/** `${NAME}` and `$NAME` in a Dockerfile value replaced with the given ARG defaults. */
export function expandArgs(value: string, args: Readonly<Record<string, string>>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a, b) => args[a ?? b] ?? whole);
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK … CMD, as an array. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error(`not a JSON array of strings: ${args}`);
  }
  return value;
}

/**
 * Whether .dockerignore's patterns leave `path` (relative to the build context) out, following
 * Docker's rules: the last matching pattern wins, `!` re-includes, and excluding a folder excludes
 * what is inside it.
 */
export function dockerIgnored(path: string, patterns: readonly string[]): boolean {
  const parts = path.split('/');
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+/, '').replace(/\/+$/, '');
    const re = globToRegExp(pattern);
    for (let n = 1; n <= parts.length; n++) {
      if (re.test(parts.slice(0, n).join('/'))) {
        ignored = !negate;
        break;
      }
    }
  }
  return ignored;
}

/** The patterns of .dockerignore. */
export function readDockerignore(): string[] {
  return repoFile('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}
