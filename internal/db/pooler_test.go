package db

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// Behind a pooler in transaction mode pgx names no prepared statements: exec mode, unless the
// URL chose the simple protocol. Without one it keeps its default, the statement cache.
func TestTransactionPoolerTurnsOffNamedStatements(t *testing.T) {
	t.Parallel()
	const url = "postgres://steady_app@127.0.0.1:16432/steady"
	for _, c := range []struct {
		url    string
		pooler bool
		want   pgx.QueryExecMode
	}{
		{url, false, pgx.QueryExecModeCacheStatement},
		{url, true, pgx.QueryExecModeExec},
		{url + "?default_query_exec_mode=cache_statement", true, pgx.QueryExecModeExec},
		{url + "?default_query_exec_mode=describe_exec", true, pgx.QueryExecModeExec},
		{url + "?default_query_exec_mode=simple_protocol", true, pgx.QueryExecModeSimpleProtocol},
	} {
		cfg, err := poolConfig(c.url, Options{TransactionPooler: c.pooler})
		require.NoError(t, err)
		require.Equal(t, c.want, cfg.ConnConfig.DefaultQueryExecMode, "%s, pooler %v", c.url, c.pooler)
	}
}
