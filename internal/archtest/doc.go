// Package archtest holds the tests that keep the tree's shape: which package owns which table,
// and which errors reach HTTP. It has no code of its own.
package archtest
