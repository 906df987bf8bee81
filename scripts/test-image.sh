#!/usr/bin/env bash
# Builds Steady's container image from this checkout (deploy/Containerfile.local: the final
# stage of deploy/Containerfile, fed with `make build`'s output, since no base image can be
# pulled here), runs it against the test PostgreSQL and checks what the image promises:
#
#   - a static binary carrying the build's version, run as a numeric non-root user (the image
#     config's User, and the uid of the running server), owning no file in the image;
#   - CA certificates at /etc/ssl/certs/ca-certificates.crt, the CJK font of progress reports;
#   - time zones that load without any zoneinfo files (a sign-up in Australia/Sydney);
#   - steady migrate, steady serve (GET /readyz 200, the embedded web app) and
#     steady healthcheck (what deploy/compose.yaml runs) inside the image;
#   - deploy/compose.yaml and deploy/.env.example agree with each other and with the settings
#     the app reads.
#
#   scripts/test-image.sh
#
# Installs buildah (and the font) with apt-get when missing. Uses the private PostgreSQL of
# scripts/devdb.sh unless DATABASE_URL and TEST_DATABASE_URL are set (scripts/with-db.sh), in a
# database of its own that it drops at the end, with the containers, images and storage it made.
# The server listens on 127.0.0.1:${STEADY_IMAGE_TEST_PORT:-18085}.
set -euo pipefail

STEADY_PROG=test-image
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=scripts/lib.sh
. "$SCRIPT_DIR/lib.sh"
ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
cd "$ROOT"

PORT=${STEADY_IMAGE_TEST_PORT:-18085}
READY_TIMEOUT=${STEADY_IMAGE_READY_TIMEOUT:-60}
FONT=/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf
CA=/etc/ssl/certs/ca-certificates.crt
IMAGE_UID=65532
started=$SECONDS

if [ -z "${STEADY_IMAGE_TEST_DB:-}" ]; then
	STEADY_IMAGE_TEST_DB=1 exec "$SCRIPT_DIR/with-db.sh" bash "$SCRIPT_DIR/test-image.sh" "$@"
fi

missing=()
command -v buildah >/dev/null 2>&1 || missing+=(buildah)
[ -f "$FONT" ] || missing+=(fonts-droid-fallback)
[ -f "$CA" ] || missing+=(ca-certificates)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
if [ "${#missing[@]}" -gt 0 ]; then
	steady_apt_install "${missing[@]}" || steady_die "apt-get install ${missing[*]} failed"
fi
PSQL=$(command -v psql 2>/dev/null) || PSQL=$(steady_pg_bindir)/psql
[ -x "$PSQL" ] || steady_die "psql not found"

check() { steady_log "ok: $*"; }
fail() { steady_die "FAILED: $*"; }

# --- deploy/compose.yaml and deploy/.env.example: cheap consistency checks ---------------
# Every setting the app reads is explained in .env.example, and every variable compose.yaml
# takes from .env is there too. (No compose tool runs here, so this is what can be checked.)
for name in $(grep -ohE '(Getenv|env)\("[A-Z0-9_]+"' internal/app/config.go | sed -E 's/.*"(.*)"/\1/' | sort -u) \
	$(grep -oE '\$\{[A-Z0-9_]+' deploy/compose.yaml | cut -c3- | sort -u); do
	grep -qw -- "$name" deploy/.env.example || fail "deploy/.env.example does not mention $name"
done
if python3 -c 'import yaml' >/dev/null 2>&1; then
	python3 - deploy/compose.yaml <<'EOF' || fail "deploy/compose.yaml"
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
s = c["services"]
assert set(s) >= {"postgres", "migrate", "serve", "worker"}, sorted(s)
assert s["migrate"]["command"] == ["migrate"], s["migrate"].get("command")
for name in ("serve", "worker"):
    dep = s[name]["depends_on"]
    assert dep["migrate"]["condition"] == "service_completed_successfully", name
    assert dep["postgres"]["condition"] == "service_healthy", name
for name in ("migrate", "serve", "worker"):
    assert s[name].get("read_only") is True, name + " is not read_only"
    assert not str(s[name].get("user", "0")).startswith("0"), name + " runs as root"
    env = s[name]["environment"]
    assert "steady_app:" in env["DATABASE_URL"], name
    # Only migrate gets the schema owner's password.
    assert ("MIGRATION_DATABASE_URL" in env) == (name == "migrate"), name
assert s["serve"]["healthcheck"]["test"] == ["CMD", "/steady", "healthcheck"]
assert "pg_isready" in s["postgres"]["healthcheck"]["test"]
assert c["volumes"], "no named volumes"
EOF
	check "deploy/compose.yaml parses and wires migrate, serve and worker as intended"
else
	steady_log "python3 with yaml is not here: deploy/compose.yaml is not parsed"
fi
check "deploy/.env.example explains every setting of internal/app/config.go and compose.yaml"

# --- the build context ------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/steady-image.XXXXXX")
tag=localhost/steady-image-test:$$
ctr=steady-image-test-$$
db=steady_image_test_$$
serve_pid='' pid=''
# A storage of its own: nothing else on the machine sees (or can collide with) what this
# test builds, and cleaning up is removing it.
bah() { buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs "$@"; }
cleanup() {
	local rc=$?
	if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
		# The server itself, when found; else the buildah run that started it.
		kill -TERM "${pid:-$serve_pid}" 2>/dev/null || true
		wait "$serve_pid" 2>/dev/null || true
	fi
	bah rm -a >/dev/null 2>&1 || true
	bah rmi -a -f >/dev/null 2>&1 || true
	"$PSQL" -X -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 ||
		steady_log "could not drop database $db"
	rm -rf -- "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

steady_log "make build (the web app that the binary embeds)"
make --no-print-directory build >&2
version="image-test-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
mkdir "$work/ctx"
steady_log "static binary"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/steadyhq/steady/internal/app.Version=$version" \
	-o "$work/ctx/steady" ./cmd/steady
go version -m "$work/ctx/steady" | grep -q 'CGO_ENABLED=0' || fail "the binary was not built without cgo"
cp "$CA" "$work/ctx/ca-certificates.crt"
cp "$FONT" "$work/ctx/DroidSansFallback.ttf"
cp deploy/image/passwd deploy/image/group "$work/ctx/"

# --- the image ----------------------------------------------------------------------------
steady_log "buildah bud -f deploy/Containerfile.local"
bah bud --quiet --isolation chroot -f deploy/Containerfile.local -t "$tag" "$work/ctx" >/dev/null
user=$(bah inspect --type image --format '{{.OCIv1.Config.User}}' "$tag")
case $user in
"$IMAGE_UID:$IMAGE_UID") check "the image runs as $user" ;;
*) fail "the image's User is '$user', not $IMAGE_UID:$IMAGE_UID" ;;
esac
entry=$(bah inspect --type image --format '{{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.Cmd}}' "$tag")
[ "$entry" = "[/steady] [serve]" ] || fail "entrypoint and command are '$entry'"

bah from --quiet --name "$ctr" "$tag" >/dev/null
rootfs=$(bah mount "$ctr")
[ -s "$rootfs$CA" ] && grep -q 'BEGIN CERTIFICATE' "$rootfs$CA" || fail "no CA certificates at $CA in the image"
check "CA certificates at $CA"
[ -s "$rootfs$FONT" ] || fail "no $FONT in the image"
check "the CJK font of progress reports at $FONT"
# No zoneinfo files: time zones that load below come from the binary.
[ ! -e "$rootfs/usr/share/zoneinfo" ] || fail "the image has /usr/share/zoneinfo; the time-zone check would prove nothing"
# Nothing the server's user could write to: so it runs on a read-only root filesystem as well.
writable=$(find "$rootfs" -xdev \( -uid "$IMAGE_UID" -o -gid "$IMAGE_UID" -o \( -perm -o+w ! -type l \) \) -print)
[ -z "$writable" ] || fail "writable by uid $IMAGE_UID in the image: $writable"
check "no file in the image is writable by uid $IMAGE_UID"

# --- running it -------------------------------------------------------------------------
# A database of its own, made like `steady` (template1 is set up by scripts/devdb.sh).
"$PSQL" -X -q -v ON_ERROR_STOP=1 "$TEST_DATABASE_URL" -c "CREATE DATABASE $db" >/dev/null
with_db_name() { # URL NAME: the URL with its database name replaced
	local base=$1 query=''
	case $base in *\?*) query=?${base#*\?} base=${base%%\?*} ;; esac
	printf '%s/%s%s' "${base%/*}" "$2" "$query"
}
app_url=$(with_db_name "$DATABASE_URL" "$db")
owner_url=$(with_db_name "$TEST_DATABASE_URL" "$db")
base_url=http://127.0.0.1:$PORT
in_image() {
	bah run --isolation chroot --network host \
		--env DATABASE_URL="$app_url" --env MIGRATION_DATABASE_URL="$owner_url" \
		--env STEADY_ADDR="127.0.0.1:$PORT" --env STEADY_PUBLIC_URL="$base_url" \
		--env STEADY_SHUTDOWN_GRACE=5s "$ctr" -- /steady "$@"
}

got=$(in_image version)
[ "$got" = "$version" ] || fail "steady version printed '$got', not '$version'"
check "steady version: $got"
in_image migrate 2>"$work/migrate.log" || { cat "$work/migrate.log" >&2; fail "steady migrate"; }
check "steady migrate"
if in_image healthcheck >/dev/null 2>&1; then
	fail "steady healthcheck passed with nothing listening (is something else on port $PORT?)"
fi

in_image serve </dev/null >"$work/serve.log" 2>&1 &
serve_pid=$!
deadline=$((SECONDS + READY_TIMEOUT))
until [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$base_url/readyz")" = 200 ]; do
	if ! kill -0 "$serve_pid" 2>/dev/null; then
		cat "$work/serve.log" >&2
		fail "steady serve exited before it was ready"
	fi
	if [ "$SECONDS" -ge "$deadline" ]; then
		cat "$work/serve.log" >&2
		fail "GET /readyz did not answer 200 within ${READY_TIMEOUT}s"
	fi
	sleep 0.2
done
check "steady serve: GET /readyz 200"

# The process behind the port runs inside the image's root as the image's user.
pid=$(ss -Hltnp "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
[ -n "$pid" ] || fail "no process found listening on port $PORT"
# buildah runs it from a bind mount of the container's root: the same file, another path.
[ "$(stat -L -c %d:%i "/proc/$pid/exe")" = "$(stat -c %d:%i "$rootfs/steady")" ] ||
	fail "the listener on port $PORT (pid $pid) is not the image's /steady"
ids=$(awk '/^Uid:|^Gid:/ {print $1, $2, $3, $4, $5}' "/proc/$pid/status" | tr '\n' ' ')
[ "$ids" = "Uid: $IMAGE_UID $IMAGE_UID $IMAGE_UID $IMAGE_UID Gid: $IMAGE_UID $IMAGE_UID $IMAGE_UID $IMAGE_UID " ] ||
	fail "steady serve runs with $ids"
check "steady serve runs as uid and gid $IMAGE_UID"

in_image healthcheck >/dev/null || fail "steady healthcheck failed against a ready server"
check "steady healthcheck: exit 0 when ready, 1 when nothing answers"
curl -fsS -m 10 "$base_url/" | grep -qi '<script' || fail "GET / does not answer with the embedded web app"
check "the web app is embedded"

# Time zones: the image has no zoneinfo files, so a practice in Australia/Sydney can sign up
# only if the binary carries the time-zone database; a made-up zone is still refused. Sign-up
# checks the form, time zone included, before it answers 202 "check your email".
signup() { # NAME ZONE: prints the HTTP status of a sign-up of a practice in that time zone
	local jar=$work/cookies-$1 csrf
	curl -fsS -m 10 -c "$jar" -o /dev/null "$base_url/api/auth/csrf"
	csrf=$(awk '$6 == "steady_csrf" {print $7}' "$jar")
	curl -s -m 10 -o "$work/signup.json" -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $csrf" \
		-H 'Content-Type: application/json' "$base_url/api/auth/signup" \
		--data "{\"practice_name\":\"Harbour Practice\",\"name\":\"Image Test\",\"email\":\"image-$1@example.com\",\"password\":\"correct horse battery staple 17\",\"time_zone\":\"$2\"}"
}
status=$(signup sydney Australia/Sydney)
[ "$status" = 202 ] || { cat "$work/signup.json" >&2; fail "sign-up in Australia/Sydney answered $status"; }
status=$(signup mars Mars/Olympus_Mons)
[ "$status" = 422 ] && grep -q time_zone "$work/signup.json" ||
	fail "sign-up in a made-up time zone answered $status, not 422 naming time_zone"
check "time zones load inside the image (embedded tzdata)"

kill -TERM "$pid"
wait "$serve_pid" || fail "steady serve did not stop cleanly on SIGTERM"
serve_pid=''
# Whatever a process of the image's user had written would belong to that user.
written=$(find "$rootfs" -xdev -uid "$IMAGE_UID" -print)
[ -z "$written" ] || fail "steady wrote into the image's filesystem: $written"
check "steady wrote no file (runs on a read-only root filesystem)"

steady_log "passed in $((SECONDS - started))s"
