package practicedata

// Watch makes s call fn after each progress of an export is committed.
func Watch(s *Service, fn func()) { s.watch = fn }

// LooksSecret says a column's name says it holds a credential or ciphertext.
func LooksSecret(column string) bool { return looksSecret.MatchString(column) }

// Decided says the export has a rule for a table's column: the table or the column withheld,
// or the column sealed text the export opens (or the plain column beside it).
func Decided(table, column string) bool {
	if withheldTables[table] != "" || withheldColumns[table][column] != "" {
		return true
	}
	_, sealed := sealedIn(table, column)
	return sealed
}
