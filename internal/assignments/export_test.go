package assignments

// ForgetDefinitions empties the kept definitions, so that the next read takes the path a newly
// started process would. Other tests running at once only read them again.
func ForgetDefinitions() {
	definitions.mu.Lock()
	defer definitions.mu.Unlock()
	definitions.m, definitions.byText = nil, nil
}
