package assignments

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A definition's text is parsed once, whichever assignment it comes from; another text is
// parsed as its own, and a text that is not a definition is refused, not kept.
func TestDefinitionsParseEachTextOnce(t *testing.T) {
	c := &definitionCache{}
	text := []byte(`{"title":"Name the win","fields":[{"key":"win","kind":"text","label":"What went well?"}]}`)
	a, err := c.parse(text)
	require.NoError(t, err)
	require.Equal(t, "Name the win", a.Title)
	b, err := c.parse(append([]byte(nil), text...)) // the same text, read again for another assignment
	require.NoError(t, err)
	require.Same(t, a, b)
	other, err := c.parse([]byte(`{"title":"Soft start-up"}`))
	require.NoError(t, err)
	require.NotSame(t, a, other)
	require.Equal(t, "Soft start-up", other.Title)
	_, err = c.parse([]byte(`{"title":`))
	require.Error(t, err)
	require.Len(t, c.byText, 2)
}
