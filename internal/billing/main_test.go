package billing_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/steadyhq/steady/internal/app/apptest"
)

// stripeURL is stripe-mock's address, started once for the package's tests.
var stripeURL string

func TestMain(m *testing.M) {
	url, stop, err := apptest.StartStripeMock()
	if err != nil {
		fmt.Fprintln(os.Stderr, "billing tests:", err)
		os.Exit(1)
	}
	stripeURL = url
	code := m.Run()
	stop()
	os.Exit(code)
}
