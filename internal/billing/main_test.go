package billing_test

import (
	"os"
	"testing"

	"github.com/steadyhq/steady/internal/app/apptest"
)

// stripeURL is stripe-mock's address, started once for the package's tests.
var stripeURL string

func TestMain(m *testing.M) { os.Exit(apptest.RunWithStripeMock(m, &stripeURL)) }
