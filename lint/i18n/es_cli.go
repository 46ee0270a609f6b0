package i18n

// esCLI are the Spanish forms of what the berth command says outside the
// reports: the help of each command, usage errors (its own and those of
// Go's flag package), and the messages of berth lint --fix, berth fmt and
// berth pin. Keyed, as everything else, by the English text; the help
// texts are the usage constants of internal/cli, whose testscripts
// (testdata/*_es.txtar) fail when one changes without its Spanish form.
// Flags, commands, file names and the values a flag accepts stay as
// written (docs/glosario.md).
var esCLI = []entry{
	// berth help.
	{"berth lints Dockerfiles.\n\nUsage:\n\n  berth <command> [arguments]\n  berth [lint flags] PATH...   (same as berth lint)\n\nCommands:\n\n",
		"berth analiza Dockerfiles.\n\nUso:\n\n  berth <comando> [argumentos]\n  berth [opciones de lint] RUTA...   (igual que berth lint)\n\nComandos:\n\n"},
	{"\nRun 'berth <command> --help' for a command's flags.\n", "\nLas opciones de cada comando: berth <comando> --help\n"},
	{"lint Dockerfiles (the default command)", "analizar Dockerfiles (el comando por defecto)"},
	{"list the rules", "listar las reglas"},
	{"show a rule's documentation", "mostrar la documentación de una regla"},
	{"print the version", "mostrar la versión"},
	{"format Dockerfiles", "dar formato a Dockerfiles"},
	{"pin FROM images to their digests", "fijar las imágenes de FROM a sus digests"},
	{"run the language server on stdin and stdout", "ejecutar el servidor de lenguaje sobre stdin y stdout"},
	{"lint as hadolint does (its flags, formats and exit codes)", "analizar como hadolint (sus opciones, formatos y códigos de salida)"},
	{"print the version and the commit berth was built from", "mostrar la versión y el commit con el que se construyó berth"},
	{"usage: berth version\n\nPrints berth's version.", "uso: berth version\n\nMuestra la versión de berth."},

	// Usage errors.
	{"berth: unknown command or file %q", "berth: comando o archivo desconocido %q"},
	{"berth: unknown command or file %q; did you mean %q?", "berth: comando o archivo desconocido %q; ¿tal vez %q?"},
	{"Run 'berth help' for usage.", "Más información con berth help."},
	{"Run 'berth %s --help' for usage.", "Más información con berth %s --help."},
	{"berth version: unexpected argument %q", "berth version: argumento inesperado %q"},
	{"berth %s: berth-engine not found in %s nor on PATH: berth %s runs in berth-engine, which is installed next to berth: go install github.com/berth-dev/berth/cmd/...@latest",
		"berth %s: no se encontró berth-engine en %s ni en el PATH: berth %s se ejecuta en berth-engine, que se instala junto a berth: go install github.com/berth-dev/berth/cmd/...@latest"},
	{"berth %s: running %s: %s", "berth %s: al ejecutar %s: %s"},
	{"berth %s: %s is berth, not berth-engine: reinstall both with go install github.com/berth-dev/berth/cmd/...@latest",
		"berth %s: %s es berth, no berth-engine: hay que reinstalar los dos con go install github.com/berth-dev/berth/cmd/...@latest"},
	{"flag provided but not defined: -%s", "opción no definida: -%s"},
	{"invalid value %q for flag -%s: %v", "valor %q no válido para la opción -%s: %v"},
	{"invalid boolean value %q for -%s: %v", "valor booleano %q no válido para -%s: %v"},
	{"invalid boolean flag %s: %v", "opción booleana %s no válida: %v"},
	{"flag needs an argument: -%s", "la opción necesita un argumento: -%s"},
	{"flag provided but not defined: --%s", "opción no definida: --%s"},
	{"invalid value %q for flag --%s: %v", "valor %q no válido para la opción --%s: %v"},
	{"invalid boolean value %q for --%s: %v", "valor booleano %q no válido para --%s: %v"},
	{"flag needs an argument: --%s", "la opción necesita un argumento: --%s"},
	{"bad flag syntax: %s", "sintaxis de opción incorrecta: %s"},
	{"--format: %s", "--format: %s"},
	{"--failure-threshold: %s", "--failure-threshold: %s"},
	{"--failure-threshold: unknown value %q: use error, warning, info, style or none", "--failure-threshold: valor desconocido %q: los valores posibles son error, warning, info, style y none"},
	{"--shellcheck: unknown value %q: use auto, on or off", "--shellcheck: valor desconocido %q: los valores posibles son auto, on y off"},
	{"--context: %s is not a folder", "--context: %s no es una carpeta"},
	{"--unsafe-fixes goes with --fix or --diff", "--unsafe-fixes solo se usa con --fix o con --diff"},
	{"--%s: unknown rule %q (berth rules lists them)", "--%s: regla desconocida %q (berth rules las lista)"},
	{"--%s: unknown rule %q; did you mean %s? (berth rules lists them)", "--%s: regla desconocida %q; ¿tal vez %s? (berth rules las lista)"},
	{"%s: unknown rule %q (berth rules lists them)", "%s: regla desconocida %q (berth rules las lista)"},
	{"%s: unknown rule %q; did you mean %s? (berth rules lists them)", "%s: regla desconocida %q; ¿tal vez %s? (berth rules las lista)"},
	{"HADOLINT_FAILURE_THRESHOLD: unknown value %q: use error, warning, info, style or none", "HADOLINT_FAILURE_THRESHOLD: valor desconocido %q: los valores posibles son error, warning, info, style y none"},
	{"HADOLINT_FORMAT: berth lint writes one format, not %q (berth hadolint writes several)", "HADOLINT_FORMAT: berth lint escribe un solo formato, no %q (berth hadolint escribe varios)"},
	{"HADOLINT_REQUIRE_LABELS: %q: %s (use NAME:TYPE, TYPE one of text, url, semver, hash, rfc3339, spdx or email)", "HADOLINT_REQUIRE_LABELS: %q: %s (hay que escribir NOMBRE:TIPO, con TIPO uno de text, url, semver, hash, rfc3339, spdx o email)"},
	{"the configuration files disagree on %s: %s says %q, %s says %q; pass the flag or name one file with --config", "los archivos de configuración no coinciden en %s: %s dice %q y %s dice %q; hay que pasar la opción o elegir un archivo con --config"},
	{"HADOLINT_FORMAT: %s", "HADOLINT_FORMAT: %s"},
	{"reading config %s: format: berth lint writes one format, not %q (berth hadolint writes several)", "al leer la configuración %s: format: berth lint escribe un solo formato, no %q (berth hadolint escribe varios)"},
	{"reading config %s: format: %s", "al leer la configuración %s: format: %s"},
	{"reading config %s: %s: unknown rule %s (berth rules lists them)", "al leer la configuración %s: %s: regla desconocida %s (berth rules las lista)"},
	{"reading config %s: %s: unknown rule %s; did you mean %s? (berth rules lists them)", "al leer la configuración %s: %s: regla desconocida %s; ¿tal vez %s? (berth rules las lista)"},
	{"--output: %s", "--output: %s"},
	{"Fix the configuration file, or name another with --config.", "Hay que corregir el archivo de configuración, o elegir otro con --config."},
	{"berth lint: no configuration file for %s; flags, environment and defaults apply", "berth lint: ningún archivo de configuración para %s; se aplican las opciones, el entorno y los valores por defecto"},
	{"berth lint: configuration file %s for %s", "berth lint: archivo de configuración %s para %s"},
	{"berth lint: from the environment: %s", "berth lint: del entorno: %s"},
	{"berth lint: %s report on %s", "berth lint: informe %s en %s"},

	// berth explain SC1234.
	{"# %s: a ShellCheck finding\n\n", "# %s: un hallazgo de ShellCheck\n\n"},
	{"%s is reported by ShellCheck on the scripts of RUN instructions, through berth's rule BR017 (berth explain BR017).\n",
		"%s lo informa ShellCheck sobre los scripts de las instrucciones RUN, a través de la regla BR017 de berth (berth explain BR017).\n"},
	{"ShellCheck's explanation: %s\n", "La explicación de ShellCheck: %s\n"},
	{"To silence it: # berth ignore=%s above the RUN, ignore: [%s] in .berth.yaml, or --ignore %s.\n",
		"Para silenciarlo: # berth ignore=%s encima del RUN, ignore: [%s] en .berth.yaml, o --ignore %s.\n"},

	// berth lint.
	{"Would fix 1 problem in %s.", "Se corregiría 1 problema en %s."},
	{"Would fix %d problems in %s.", "Se corregirían %d problemas en %s."},
	{"Fixed 1 problem in %s.", "Se corrigió 1 problema en %s."},
	{"Fixed %d problems in %s.", "Se corrigieron %d problemas en %s."},
	{"No fixes to apply.", "No hay correcciones que aplicar."},
	{"berth lint: no Dockerfile found in %s", "berth lint: no se encontró ningún Dockerfile en %s"},
	{"berth lint: --shellcheck=on, but the shellcheck program is not on PATH: install it (apt-get install shellcheck)",
		"berth lint: --shellcheck=on, pero el programa shellcheck no está en el PATH: hay que instalarlo (apt-get install shellcheck)"},
	{"berth lint: shellcheck is not on PATH, so ShellCheck's checks of RUN scripts (SC codes) are off: install it (apt-get install shellcheck) to turn them on, or pass --shellcheck=off to silence this",
		"berth lint: shellcheck no está en el PATH, así que las comprobaciones de ShellCheck sobre los scripts de RUN (códigos SC) están desactivadas: para activarlas hay que instalarlo (apt-get install shellcheck); para no ver este aviso, --shellcheck=off"},
	{"berth lint: no Dockerfile to lint: no file was named and stdin is empty (name the files, or use - to lint an empty stdin)",
		"berth lint: no hay ningún Dockerfile que analizar: no se nombró ningún archivo y la entrada estándar está vacía (hay que nombrar los archivos, o usar - para analizar una entrada estándar vacía)"},

	// berth fmt.
	{"berth fmt: %s", "berth fmt: %s"},
	{"berth fmt: writing %s", "berth fmt: al escribir %s"},

	// berth pin.
	{"no files: name the Dockerfiles to pin (or - for stdin)", "no se indicó ningún archivo: hay que nombrar los Dockerfiles que se van a fijar (o - para la entrada estándar)"},
	{"--check and --dry-run do not go together", "--check y --dry-run no se pueden usar juntas"},
	{"berth pin: %s", "berth pin: %s"},
	{"berth pin: reading %s: %s", "berth pin: al leer %s: %s"},
	{"berth pin: writing %s: %s", "berth pin: al escribir %s: %s"},
	{"berth pin: finding the Docker daemon: %s", "berth pin: al buscar el daemon de Docker: %s"},
	{"berth pin: pulling %s", "berth pin: descargando %s"},
	{"%s:%d:%d: FROM %s is not pinned to a digest", "%s:%d:%d: FROM %s: la imagen no está fijada a un digest"},
	{"%s:%d:%d: cannot pin %s: %s", "%s:%d:%d: no se puede fijar %s: %s"},
	{"%s: note: FROM %s skipped: %s", "%s: nota: se omite FROM %s: %s"},
}

// esCLIFragments are the pieces of the command's messages: errors that
// reach the user inside another message ("invalid value ... for flag
// -lang: <piece>", "--format: <piece>") and counts.
var esCLIFragments = []entry{
	{"parse error", "error de análisis"},
	{"value out of range", "valor fuera de rango"},
	{"unknown language %q: use %s", "idioma desconocido %q: los valores posibles son %s"},
	{"en or es", "en y es"},
	{"unknown format %q: use %s", "formato desconocido %q: los valores posibles son %s"},
	{"unknown value %q: use auto, always or never", "valor desconocido %q: los valores posibles son auto, always y never"},
	{"invalid label type: %s", "tipo de etiqueta no válido: %s"},
	{"unknown severity %q: use error, warning, info, style or off", "severidad desconocida %q: los valores posibles son error, warning, info, style y off"},
	{"want a positive size in bytes, or with K, M or G (KiB, MiB, GiB)", "se espera un tamaño positivo en bytes, o con K, M o G (KiB, MiB, GiB)"},
	{"%d file", "%d archivo"},
	{"%d files", "%d archivos"},
	{"%s: no such file or folder (check the path, or use - for stdin)", "%s: no existe el archivo o la carpeta (hay que revisar la ruta, o usar - para la entrada estándar)"},
	{"reading %s: %s", "al leer %s: %s"},
	{"reading stdin: %s", "al leer la entrada estándar: %s"},
	{"searching %s: %s", "al recorrer %s: %s"},
	{"no digest", "sin digest"},
	{"it is written with variables: pin the ARG's default instead", "la imagen está escrita con variables: en su lugar hay que fijar el valor por defecto del ARG"},
	{"it uses %s, which has no default", "la imagen usa %s, que no tiene valor por defecto"},
	{"not a valid image reference", "no es una referencia de imagen válida"},
	{"the image name spans lines", "el nombre de la imagen ocupa varias líneas"},
}

// esCLIUsage are the help texts of berth lint, berth fmt and berth pin
// (lintUsage, fmtUsage and pinUsage in internal/cli), whole.
var esCLIUsage = []entry{
	{`usage: berth lint [flags] [PATH...|-]

Lints Dockerfiles. A folder is searched recursively for Dockerfile,
Dockerfile.*, Containerfile, Containerfile.* and the names ending in
Dockerfile or Containerfile, in either case (api.Dockerfile, miDockerfile),
skipping .git, node_modules and vendor; "-" reads stdin, as does no PATH
when stdin is a pipe (otherwise the current folder is linted).

Configuration comes from --config, else from the nearest .berth.yaml (or
.hadolint.yaml) in the Dockerfile's folder or above, up to the repository
root; flags override it, and it overrides hadolint's HADOLINT_* environment
variables, which berth lint reads too.

Flags:
  -f, --format FORMAT          text (default; alias tty), json, sarif,
                               checkstyle, gitlab, github, gnu, codeclimate,
                               sonarqube or junit
  -t, --failure-threshold SEV  fail on findings at or above SEV: error,
                               warning (default), info, style, or none
      --no-fail                always exit 0 when linting succeeds
      --ignore CODE            do not run a rule (code, name or BuildKit
                               alias); repeatable, or a comma list
      --enable CODE            run an opt-in rule; repeatable, or a comma list
      --error|--warning|--info|--style CODE
                               change a rule's severity; repeatable
  -c, --config FILE            use this configuration file
      --fix                    apply safe fixes in place (stdin: print the
                               fixed file on stdout, findings on stderr)
      --unsafe-fixes           with --fix or --diff, apply unsafe fixes too
      --diff                   print a unified diff of the fixes instead of
                               writing them; exit 1 if there are any
  -o, --output FILE            write the report to FILE instead of stdout
      --file-path-in-report NAME
                               the file name reports give every file
      --color auto|always|never
                               colours: auto (default) when the output is a
                               terminal, unless NO_COLOR is set or
                               TERM=dumb (FORCE_COLOR=1 forces them)
      --no-color               same as --color=never
      --disable-ignore-pragma  make "# hadolint ignore=" and "# berth
                               ignore=" comments do nothing
  -V, --verbose                say on stderr which configuration applies
      --trusted-registry REG   allow FROM only from these registries
                               (DL3026); repeatable, or a comma list
      --shellcheck auto|on|off run ShellCheck on RUN commands
      --stdin-filename NAME    the name of the file read from stdin (for
                               reports, configuration and build context)
      --context DIR            the build context of every file linted
                               (default: each Dockerfile's folder)
      --max-file-size SIZE     skip files (and stdin) larger than SIZE, in
                               bytes or with K, M or G (default 16M); only
                               regular files are read
      --lang en|es             the language of messages (default: from
                               LC_ALL, LC_MESSAGES or LANG, else English)

Exit status: 0 when nothing reaches the failure threshold, 1 when
something does (or, with --diff, when there are fixes), 2 on a usage,
configuration or I/O error.
`,
		`uso: berth lint [opciones] [RUTA...|-]

Analiza Dockerfiles. En una carpeta se buscan, de forma recursiva, Dockerfile,
Dockerfile.*, Containerfile, Containerfile.* y los nombres que terminan en
Dockerfile o Containerfile, en mayúsculas o minúsculas (api.Dockerfile,
miDockerfile), sin entrar en .git, node_modules ni vendor; "-" lee la
entrada estándar, y también sin RUTA cuando la entrada estándar es una
tubería (si no, se analiza la carpeta actual).

La configuración viene de --config o, si no, del .berth.yaml (o
.hadolint.yaml) más cercano, en la carpeta del Dockerfile o por encima, hasta
la raíz del repositorio; las opciones tienen prioridad sobre ella, y ella
sobre las variables de entorno HADOLINT_* de hadolint, que berth lint también
lee.

Opciones:
  -f, --format FORMATO         text (por defecto; alias tty), json, sarif,
                               checkstyle, gitlab, github, gnu, codeclimate,
                               sonarqube o junit
  -t, --failure-threshold SEV  fallar con los hallazgos de severidad SEV o
                               mayor: error, warning (por defecto), info,
                               style o none
      --no-fail                salir siempre con 0 si el análisis termina
      --ignore CÓDIGO          no ejecutar una regla (código, nombre o alias
                               de BuildKit); repetible, o una lista con comas
      --enable CÓDIGO          ejecutar una regla opcional; repetible, o una
                               lista con comas
      --error|--warning|--info|--style CÓDIGO
                               cambiar la severidad de una regla; repetible
  -c, --config ARCHIVO         usar este archivo de configuración
      --fix                    aplicar las correcciones seguras en el archivo
                               (con la entrada estándar: el archivo corregido
                               va a stdout y los hallazgos a stderr)
      --unsafe-fixes           con --fix o --diff, aplicar también las
                               correcciones no seguras
      --diff                   mostrar un diff unificado de las correcciones
                               en lugar de escribirlas; salir con 1 si hay
                               alguna
  -o, --output ARCHIVO         escribir el informe en ARCHIVO en lugar de en
                               stdout
      --file-path-in-report NOMBRE
                               el nombre de archivo que los informes dan a
                               todos los archivos
      --color auto|always|never
                               colores: auto (por defecto) cuando la salida
                               es una terminal, salvo con NO_COLOR o
                               TERM=dumb (FORCE_COLOR=1 los fuerza)
      --no-color               lo mismo que --color=never
      --disable-ignore-pragma  hacer que los comentarios "# hadolint ignore="
                               y "# berth ignore=" no tengan efecto
  -V, --verbose                indicar en stderr qué configuración se aplica
      --trusted-registry REG   permitir FROM solo desde estos registros
                               (DL3026); repetible, o una lista con comas
      --shellcheck auto|on|off ejecutar ShellCheck sobre los comandos de RUN
      --stdin-filename NOMBRE  el nombre del archivo que se lee de la entrada
                               estándar (para los informes, la configuración
                               y el contexto de construcción)
      --context CARPETA        el contexto de construcción de todos los
                               archivos analizados (por defecto: la carpeta
                               de cada Dockerfile)
      --max-file-size TAMAÑO   omitir los archivos (y la entrada estándar) de
                               más de TAMAÑO, en bytes o con K, M o G (por
                               defecto 16M); solo se leen archivos regulares
      --lang en|es             el idioma de los mensajes (por defecto: según
                               LC_ALL, LC_MESSAGES o LANG; si no, inglés)

Código de salida: 0 si ningún hallazgo alcanza el umbral de fallo, 1 si
alguno lo alcanza (o, con --diff, si hay correcciones), 2 ante un error de
uso, de configuración o de E/S.
`},
	{`usage: berth fmt [--check] [--diff] [--max-file-size SIZE] [PATH...|-]

Formats Dockerfiles in place: instruction keywords in upper case,
continuation lines indented by one level (four spaces, or a tab when the
file indents with tabs; deeper levels are kept), no trailing white space,
one final line break. Here-document bodies, parser directives and white
space the builder keeps (inside quotes, legacy "ENV key value") are never
touched: formatting does not change what the Dockerfile builds.

A folder is searched recursively as by berth lint; "-" reads stdin and
prints the formatted file on stdout, as does no PATH when stdin is a pipe
(otherwise the current folder is formatted).

Flags:
      --check   write nothing; list the files that need formatting and
                exit 1 if there are any
      --diff    write nothing; print a unified diff of the changes and
                exit 1 if there are any
      --max-file-size SIZE
                skip files (and stdin) larger than SIZE, in bytes or with
                K, M or G (default 16M); only regular files are read
      --lang en|es
                the language of messages (default: from LC_ALL,
                LC_MESSAGES or LANG, else English)

Files are replaced atomically (a temporary file renamed over them): if
writing fails, the file is left as it was.
`,
		`uso: berth fmt [--check] [--diff] [--max-file-size TAMAÑO] [RUTA...|-]

Da formato a los Dockerfiles en el mismo archivo: las palabras clave de las
instrucciones en mayúsculas, las líneas de continuación con un nivel de
sangría (cuatro espacios, o un tabulador si el archivo usa tabuladores; los
niveles más profundos se conservan), sin espacios al final de las líneas y
con un único salto de línea final. Nunca se tocan los cuerpos de los
heredocs, las directivas del parser ni los espacios que el constructor
conserva (entre comillas, en el antiguo "ENV clave valor"): el formato no
cambia lo que el Dockerfile construye.

En una carpeta se busca de forma recursiva, como en berth lint; "-" lee la
entrada estándar y muestra el archivo con formato en stdout, igual que sin
RUTA cuando la entrada estándar es una tubería (si no, se da formato a la
carpeta actual).

Opciones:
      --check   no escribir nada; listar los archivos que necesitan formato
                y salir con 1 si hay alguno
      --diff    no escribir nada; mostrar un diff unificado de los cambios
                y salir con 1 si hay alguno
      --max-file-size TAMAÑO
                omitir los archivos (y la entrada estándar) de más de
                TAMAÑO, en bytes o con K, M o G (por defecto 16M); solo se
                leen archivos regulares
      --lang en|es
                el idioma de los mensajes (por defecto: según LC_ALL,
                LC_MESSAGES o LANG; si no, inglés)

Los archivos se reemplazan de forma atómica (se escribe un archivo temporal
y se lo renombra sobre el original): si la escritura falla, el archivo queda
como estaba.
`},
	{`usage: berth pin [--check] [--dry-run] [--host HOST] PATH...

Pins every FROM image to its digest: "FROM image:tag" becomes
"FROM image:tag@sha256:...", keeping the tag, --platform and the AS name.
The digest is the local image's repository digest, pulled first when the
image is missing, so berth pin needs the Docker daemon (or Podman's
service), found as the Docker CLI finds it unless --host names it.

Skipped: scratch, earlier stages used as base images, images already
pinned, and images written with variables (a note says so: pin the ARG's
default instead).

A folder is searched recursively as by berth lint; "-" reads stdin and
prints the pinned file on stdout.

Flags:
      --check      needs no daemon: list the FROMs that are not pinned
                   (file:line:col: message), write nothing, exit 1 if any
      --dry-run    print a unified diff of the pins instead of writing
      --host HOST  the daemon's address (unix:///path, tcp://host:port)
      --lang en|es the language of messages (default: from LC_ALL,
                   LC_MESSAGES or LANG, else English)

Exit status: 0 when all went well (with --check: everything is pinned),
1 when --check finds unpinned FROMs, 2 on a usage or I/O error, a daemon
that cannot be reached, or an image that cannot be pinned.
`,
		`uso: berth pin [--check] [--dry-run] [--host HOST] RUTA...

Fija cada imagen de FROM a su digest: "FROM imagen:tag" pasa a ser
"FROM imagen:tag@sha256:...", con el tag, --platform y el nombre de AS tal
como estaban. El digest es el digest de repositorio de la imagen local, que
se descarga antes si falta, así que berth pin necesita el daemon de Docker
(o el servicio de Podman), que se busca como lo busca la CLI de Docker salvo
que --host indique otro.

Se omiten: scratch, las etapas anteriores usadas como imagen base, las
imágenes ya fijadas y las imágenes escritas con variables (una nota lo
indica: en ese caso hay que fijar el valor por defecto del ARG).

En una carpeta se busca de forma recursiva, como en berth lint; "-" lee la
entrada estándar y muestra el archivo fijado en stdout.

Opciones:
      --check      no necesita el daemon: listar los FROM sin fijar
                   (archivo:línea:columna: mensaje), no escribir nada y
                   salir con 1 si hay alguno
      --dry-run    mostrar un diff unificado de los cambios en lugar de
                   escribirlos
      --host HOST  la dirección del daemon (unix:///ruta, tcp://host:puerto)
      --lang en|es el idioma de los mensajes (por defecto: según LC_ALL,
                   LC_MESSAGES o LANG; si no, inglés)

Código de salida: 0 si todo salió bien (con --check: si todo está fijado),
1 si --check encuentra FROM sin fijar, 2 ante un error de uso o de E/S, un
daemon al que no se puede llegar o una imagen que no se puede fijar.
`},
}
