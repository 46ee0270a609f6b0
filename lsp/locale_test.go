package lsp

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// TestSpanishSession: with locale "es", what the user reads is Spanish:
// a diagnostic's message, a quick fix's title, the daemon actions' titles,
// their progress and their errors.
func TestSpanishSession(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "none.sock")
	u := fileURI(filepath.Join(dir, "miDockerfile"))
	text := "FROM ubuntu\nMAINTAINER Jane <jane@example.com>\n"
	s := newSession(t, sessionOptions{initOptions: fmt.Sprintf(`{"locale": "es", "docker": {"host": "unix://%s"}}`, sock)})
	ds := s.waitDiags(u, s.open(u, text))
	var all []string
	var maintainer protocol.Diagnostic
	for _, d := range ds {
		all = append(all, diagString(d))
		if codeOf(d.Code) == "DL4000" {
			maintainer = d
		}
	}
	joined := strings.Join(all, "\n")
	if !strings.Contains(joined, "la imagen base \\\"ubuntu\\\" no tiene tag") || !strings.Contains(joined, "MAINTAINER está obsoleto") {
		t.Errorf("diagnostics are not in Spanish:\n%s", joined)
	}

	var acts []protocol.CommandOrCodeAction
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        maintainer.Range,
		"context":      map[string]any{"diagnostics": []protocol.Diagnostic{maintainer}},
	}, &acts)
	titles := strings.Join(actionTitles(acts), "|")
	for _, want := range []string{"Cambiar por LABEL org.opencontainers.image.authors", "Construir la imagen"} {
		if !strings.Contains(titles, want) {
			t.Errorf("code actions %q lack %q", titles, want)
		}
	}
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        protocol.Range{Start: protocol.Position{Line: 0, Character: 6}, End: protocol.Position{Line: 0, Character: 6}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &acts)
	if titles := strings.Join(actionTitles(acts), "|"); !strings.Contains(titles, "Descargar ubuntu") {
		t.Errorf("code actions on FROM %q lack the Spanish pull", titles)
	}

	_, err := s.execute(30*time.Second, "es-build", "berth.build", buildArg{URI: u})
	if err == nil || !strings.Contains(err.Error(), "No hay conexión con el daemon de Docker en unix://"+sock) || !strings.Contains(err.Error(), "¿está en marcha?") {
		t.Errorf("build without a daemon: %v, want the Spanish message", err)
	}
	eventually(t, func() string {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !strings.Contains(strings.Join(s.messages, "\n"), "berth: construir ") {
			return fmt.Sprintf("messages %q: want the Spanish error shown", s.messages)
		}
		if !strings.Contains(strings.Join(s.reports, "\n"), "Falló") {
			return fmt.Sprintf("progress %q: want it ended with Falló", s.reports)
		}
		return ""
	})
}
