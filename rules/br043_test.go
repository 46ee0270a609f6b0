package rules

import "testing"

// TestBR043Needs: the words tested before each pattern are ones every
// text the pattern matches holds, so the plain tests change no result.
func TestBR043Needs(t *testing.T) {
	texts := []string{
		"RUN npm ci", "RUN npm i", "RUN yarn", "RUN yarn install --frozen-lockfile", "RUN pnpm i", "RUN bun install",
		"RUN cargo build --release", "RUN cargo install x", "RUN ./mvnw package", "RUN mvn -B", "RUN gradle build", "RUN ./gradlew x", "RUN sbt compile",
		"RUN python3 -m venv /v", "RUN python -m  venv v", "RUN virtualenv v", "RUN poetry install", "RUN uv sync", "RUN uv venv", "RUN pipenv install",
		"RUN pip3 install x", "RUN pip install x", "RUN python x.py", "RUN uv pip install x", "RUN poetry run x",
		"RUN npm run build", "RUN pnpm run build", "RUN bun run build", "RUN yarn build", "RUN python3 -m build", "RUN vite build", "RUN tsc -p .",
		"RUN apt-get update && apt-get install -y curl", "RUN echo uvicorn", "RUN make build", "RUN echo pipeline", "RUN npminstall",
	}
	for i, r := range br043Rebuilt {
		for _, text := range texts {
			if got, want := br043Matches(i, text), r.re().MatchString(text); got != want {
				t.Errorf("%s on %q: %v, the regexp says %v", r.name, text, got, want)
			}
		}
	}
}
