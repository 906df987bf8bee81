package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum recommendation (19 MiB, two passes, one lane).
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

var errBadHash = errors.New("auth: malformed password hash")

// HashPassword returns an encoded argon2id hash in the PHC string format, which records its
// parameters so they can be raised later without breaking stored hashes.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return encodeHash(salt, argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)), nil
}

func encodeHash(salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime,
		argonThreads, base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// VerifyPassword reports whether password matches encoded, in constant time.
func VerifyPassword(password, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	var mem, iter uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iter, &threads); err != nil {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, iter, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when an email is unknown, so that a wrong email costs the
// same time as a wrong password and timing does not reveal who has an account. It has the
// parameters of a real hash and a key no password gives (zeros), so verifying it costs what a
// real one does; making it costs nothing, where hashing a password at start-up took 40 ms.
var dummyHash = encodeHash(make([]byte, argonSaltLen), make([]byte, argonKeyLen))

// hashPassword and verifyPassword are the service's argon2id work, the one costly step of
// sign-up and log-in. Each tells argonHook, which only a test sets: it counts them, to see that
// every answer a flow can give costs the same, whether or not the account exists.
func (s *Service) hashPassword(password string) (string, error) {
	if s.argonHook != nil {
		s.argonHook()
	}
	return HashPassword(password)
}

func (s *Service) verifyPassword(password, encoded string) (bool, error) {
	if s.argonHook != nil {
		s.argonHook()
	}
	return VerifyPassword(password, encoded)
}
