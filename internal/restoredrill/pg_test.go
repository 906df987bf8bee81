package restoredrill

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// pgTool finds a PostgreSQL client program of the server's major version, as
// scripts/lib.sh's steady_pg_bindir does: Debian's /usr/lib/postgresql/N/bin first, else PATH.
func pgTool(t *testing.T, dsn, name string) string {
	var num int
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	require.NoError(t, conn.QueryRow(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&num))
	path := fmt.Sprintf("/usr/lib/postgresql/%d/bin/%s", num/10000, name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	path, err = exec.LookPath(name)
	require.NoError(t, err, "%s not found: install postgresql-client-%d", name, num/10000)
	return path
}

// runPG runs a PostgreSQL client program against dsn, passing the password in the
// environment rather than on a command line other users can read.
func runPG(t *testing.T, program, dsn string, args ...string) {
	t.Helper()
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	password, _ := u.User.Password()
	u.User = url.User(u.User.Username())
	cmd := exec.Command(program, append(args, "--dbname="+u.String())...)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+password)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s: %s", filepath.Base(program), out)
}

// dump writes the database at dsn to a custom-format archive, as the nightly backup does.
func dump(t *testing.T, dsn string) string {
	file := filepath.Join(t.TempDir(), "steady.dump")
	runPG(t, pgTool(t, dsn, "pg_dump"), dsn, "--format=custom", "--file="+file)
	return file
}

// restore creates a fresh, empty database (from template0, as on a new server) and restores
// the archive into it as the schema owner, all or nothing. It returns the new database's name.
func restore(t *testing.T, admin, file string) string {
	name := "steady_restored_" + randomHex(t)
	ownerExec(t, admin, `CREATE DATABASE `+name+` TEMPLATE template0`)
	// Registered before the binaries start, so it runs after they stop.
	t.Cleanup(func() { ownerExec(t, admin, `DROP DATABASE IF EXISTS `+name) })
	dsn := withDB(t, admin, name, "", "")
	runPG(t, pgTool(t, dsn, "pg_restore"), dsn, "--exit-on-error", "--single-transaction", file)
	return name
}

// withDB points dsn at database name, optionally as another user.
func withDB(t *testing.T, dsn, name, user, password string) string {
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	u.Path = "/" + name
	if user != "" {
		u.User = url.UserPassword(user, password)
	}
	return u.String()
}

func randomHex(t *testing.T) string {
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}
