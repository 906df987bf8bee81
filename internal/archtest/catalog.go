package archtest

// catalogReaders are the packages whose SQL names tables found at run time, in the catalog,
// rather than written into the statement (so Owners and joins cannot see which), each with the
// reason. Such a package reads every table of a kind, whoever owns it; it still writes only
// through the owners' functions (TestOnlyTheOwnerWritesATable reads the tables it names).
// TestTablesNamedAtRunTimeAreDeclared fails on a package not listed here, and on a listed one
// that no longer does it.
var catalogReaders = map[string]string{
	"practicedata": "the practice's export is every record the practice holds, and the deletion of a closed " +
		"practice counts every tenant table's rows before and after: both take the tenant tables from the " +
		"catalog, so a table added later is exported and checked without a change (decision 0010)",
}
