// Package seal encrypts small secrets that Steady must be able to read back, such as
// two-factor secrets, so that a copy of the database alone does not reveal them. It uses
// AES-256-GCM under one key from the configuration (STEADY_SECRET_KEY).
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// version prefixes every sealed value, so a later key or algorithm can sit beside this one.
const version byte = 1

// ErrOpen means a sealed value could not be opened: the wrong key, the wrong purpose, or a
// value that was altered.
var ErrOpen = errors.New("seal: cannot open sealed value")

// Key seals and opens values.
type Key struct {
	aead   cipher.AEAD
	derive []byte // the HMAC key of Token, kept apart from the sealing key
	// macs keeps keyed HMACs for Token: Reset returns one to its keyed state without the
	// key's two hashing rounds and allocations of hmac.New (a storm derives a token per
	// message).
	macs sync.Pool
}

// NewKey builds a Key from KeySize random bytes.
func NewKey(raw []byte) (*Key, error) {
	if len(raw) != KeySize {
		return nil, fmt.Errorf("seal: key must be %d bytes, not %d", KeySize, len(raw))
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	derive := sha256.Sum256(append([]byte("steady token derivation\x00"), raw...))
	k := &Key{aead: aead, derive: derive[:]}
	k.macs.New = func() any { return hmac.New(sha256.New, k.derive) }
	return k, nil
}

// Token derives a secret, URL-safe token (256 bits, 43 characters) for purpose: the same
// purpose always gives the same token under the same key, and nobody without the key can
// compute it. A job retried after a crash can so mint the very token its first try sent.
func (k *Key) Token(purpose string) string {
	m := k.macs.Get().(hash.Hash)
	defer k.macs.Put(m)
	m.Reset()
	m.Write([]byte(purpose))
	var sum [sha256.Size]byte
	return base64.RawURLEncoding.EncodeToString(m.Sum(sum[:0]))
}

// ID names the key without revealing it (16 hex digits of a keyed hash), so a stored value
// can record which key wrapped it and a rotation can find what is left to re-wrap.
func (k *Key) ID() string {
	m := hmac.New(sha256.New, k.derive)
	m.Write([]byte("\x00key id")) // no token purpose starts with a NUL byte
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// DevKey is the key used in development when none is configured. It is the same everywhere,
// so it protects nothing: production refuses to start without a real key.
func DevKey() *Key {
	sum := sha256.Sum256([]byte("steady development secret key: never use in production"))
	k, err := NewKey(sum[:])
	if err != nil {
		panic(err)
	}
	return k
}

// Seal encrypts plaintext for purpose (say "totp:<user id>"). The purpose is authenticated,
// not stored: a value copied to another row, whose purpose differs, does not open.
func (k *Key) Seal(plaintext []byte, purpose string) []byte {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	out := append([]byte{version}, nonce...)
	return k.aead.Seal(out, nonce, plaintext, []byte(purpose))
}

// Open decrypts what Seal made for the same purpose.
func (k *Key) Open(sealed []byte, purpose string) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(sealed) < 1+n+k.aead.Overhead() || sealed[0] != version {
		return nil, ErrOpen
	}
	plain, err := k.aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte(purpose))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}
