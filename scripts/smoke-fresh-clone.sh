#!/usr/bin/env bash
# The newcomer's path, for real: clone, `npm ci`, `npm start` with no
# DATABASE_URL (embedded PostgreSQL), read the seeded articles through the
# REST API and the site, stop with Ctrl-C, start again, survive a kill -9.
set -euo pipefail
# Job control: each `npm start` gets its own process group, and SIGINT is not
# ignored in it, so `kill -INT -- -PID` is exactly what Ctrl-C in a terminal does.
set -m
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/newsroom-smoke-XXXX)
port=$((4100 + RANDOM % 500)); cms_port=$((port + 1)); pg_port=$((port + 2))
log="$work/start.log"
groups=()
cleanup() {
  for g in "${groups[@]}"; do kill -KILL -- -"$g" 2>/dev/null || true; done
  pkill -KILL -f "$work/clone/.data/postgres" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/clone"
cd "$work/clone"
unset DATABASE_URL TEST_DATABASE_URL PAYLOAD_SECRET SMTP_URL
export PORT=$port CMS_PORT=$cms_port EMBEDDED_PG_PORT=$pg_port

t0=$(date +%s)
npm ci --no-audit --no-fund >/dev/null
echo "npm ci: $(( $(date +%s) - t0 )) s"

start_and_wait() {
  local t=$(date +%s%N)
  npm start >"$log" 2>&1 &
  pid=$!
  groups+=("$pid")
  for _ in $(seq 1 600); do
    if grep -q "Newsroom 已启动" "$log"; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "npm start exited early"; exit 1; fi
    sleep 0.5
  done
  grep -q "Newsroom 已启动" "$log" || { cat "$log"; echo "npm start did not come up"; exit 1; }
  echo "$1: serving after $(( ($(date +%s%N) - t) / 1000000 )) ms"
}

check_serving() {
  local articles
  articles=$(curl -fsS "http://127.0.0.1:$cms_port/api/articles?limit=1&depth=0")
  echo "$articles" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(!(j.totalDocs>=12))throw new Error("expected seeded articles, got "+j.totalDocs);console.log("  /api/articles: "+j.totalDocs+" published articles")})'
  curl -fsS "http://127.0.0.1:$port/" | grep -q "普陀区科技企业联合会" && echo "  site home: ok"
  grep -q "密码" "$log" && echo "  banner shows the admin login"
}

# No SMTP_URL: the banner says where mail goes, and a sign-up on the site leaves its confirmation there.
check_outbox() {
  grep -q "\.data/outbox" "$log" || { cat "$log"; echo "the banner does not say mail goes to .data/outbox"; exit 1; }
  local email="smoke-$RANDOM@example.com" topic code file
  topic=$(curl -fsS "http://127.0.0.1:$cms_port/api/topics?limit=1&depth=0" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).docs[0].slug))')
  code=$(curl -sS -o /dev/null -w '%{http_code}' --data-urlencode "email=$email" --data-urlencode "topics=$topic" \
    --data-urlencode "frequency=immediate" "http://127.0.0.1:$port/subscribe")
  [ "$code" = 303 ] || { echo "POST /subscribe answered $code"; exit 1; }
  for _ in $(seq 1 60); do
    file=$(grep -l "$email" .data/outbox/*.eml 2>/dev/null | head -1) && [ -n "$file" ] && break
    sleep 1
  done
  [ -n "${file:-}" ] || { echo "no confirmation mail for $email in .data/outbox"; exit 1; }
  node --input-type=module -e '
    import { readFileSync } from "node:fs"
    import { simpleParser } from "mailparser"
    const mail = await simpleParser(readFileSync(process.argv[1]))
    if (!/\/subscribe\/confirm\?token=/.test(mail.text ?? "")) throw new Error("no confirmation link in " + process.argv[1])
    console.log("  confirmation mail written to .data/outbox: " + mail.subject)
  ' "$file"
}

start_and_wait "first start (migrate, seed, build)"
check_serving
check_outbox
kill -INT -- -"$pid"; wait "$pid" || true
if pgrep -f "$work/clone/.data/postgres" >/dev/null; then echo "embedded PostgreSQL still running after Ctrl-C"; exit 1; fi
echo "Ctrl-C stopped everything"

start_and_wait "second start"
check_serving
# kill -9 the launcher (and npm's shell around it) only: its servers and the database live on as orphans.
pkill -KILL -g "$pid" -f "scripts/start.mjs" || { echo "launcher process not found"; exit 1; }
wait "$pid" || true
start_and_wait "start after kill -9"
check_serving
kill -INT -- -"$pid"; wait "$pid" || true
echo "smoke test passed"
