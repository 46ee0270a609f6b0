package i18n

// esEditor are the Spanish forms of what the language server's daemon
// actions say (package lsp and the engine's errors): action titles,
// progress, results and errors.
var esEditor = []entry{
	{"berth does not check this file as you type: it is %s, over the %s it checks in the editor; run berth lint on it", "berth no revisa este archivo mientras escribes: ocupa %s, más de los %s que revisa en el editor; ejecuta berth lint sobre él"},
	{"berth shows the first %d of the %d findings in this file: run berth lint on it for all of them", "berth muestra los %d primeros de los %d hallazgos de este archivo: ejecuta berth lint sobre él para verlos todos"},
	{"Build image", "Construir la imagen"},
	{"Build stage %s", "Construir la etapa %s"},
	{"Pull %s", "Descargar %s"},
	{"Pin %s to its digest", "Fijar %s a su digest"},
	{"Pin base images to their digests", "Fijar las imágenes base a sus digests"},
	{"Pinning base images", "Fijando las imágenes base"},
	{"Building %s", "Construyendo %s"},
	{"Pulling %s", "Descargando %s"},
	{"Pulled %s", "Descargada %s"},
	{"Pulled %s (%s)", "Descargada %s (%s)"},
	{"Built %s (%s) in %s, %d of %d steps cached, with %s", "Construida %s (%s) en %s, %d de %d pasos desde la caché, con %s"},
	{"Step %d/%d: %s", "Paso %d/%d: %s"},
	{"[%s] Step %d/%d: %s", "[%s] Paso %d/%d: %s"},
	{"Failed", "Falló"},
	{"build %s failed%s: %s", "la construcción de %s falló%s: %s"},
	{"build %s: %s", "construir %s: %s"},
	{"build: %s", "construir: %s"},
	{"pull %s: %s", "descargar %s: %s"},
	{"pin %s: %s", "fijar %s: %s"},
	{"pin: %s", "fijar: %s"},
	{"%s: cancelled", "%s: cancelado"},
	{"save the Dockerfile to a file first: its folder is the build context", "guarda primero el Dockerfile en un archivo: su carpeta es el contexto de construcción"},
	{"the build context %s is not a folder (build.context setting)", "el contexto de construcción %s no es una carpeta (ajuste build.context)"},
	{"no FROM to pin here (stages, scratch, images with a digest or with variables are left alone)", "aquí no hay ningún FROM que fijar (las etapas, scratch y las imágenes con digest o con variables no se tocan)"},
	{"the document changed while the digests were looked up: run it again", "el documento cambió mientras se buscaban los digests: vuelve a ejecutarlo"},
	{"the editor did not apply the edit", "el editor no aplicó el cambio"},
	{"**%s** is present locally", "**%s** está en local"},
	{"**%s** is not present locally: the code action *Pull %s* pulls it.", "**%s** no está en local: la acción *Descargar %s* la descarga."},
	{"- Size: %s", "- Tamaño: %s"},
	{"- Created: %s", "- Creada: %s"},
	{"- Platform: %s", "- Plataforma: %s"},
	{"local image %s, %s", "imagen local %s, %s"},
	{"shellcheck is not on PATH, so ShellCheck's checks of RUN scripts (SC codes) are off: install it (apt-get install shellcheck) to turn them on, or set the shellcheck setting to false to silence this",
		"shellcheck no está en el PATH, así que las comprobaciones de ShellCheck sobre los scripts de RUN (códigos SC) están desactivadas: para activarlas hay que instalarlo (apt-get install shellcheck); para no ver este aviso, pon el ajuste shellcheck a false"},
}

// esDaemonErrors are the engine's errors when the daemon is not there
// (engine.UnreachableError): whole messages, and pieces of the actions'
// messages ("build x: Docker daemon not reachable at ...").
var esDaemonErrors = []entry{
	{"Docker daemon not reachable at %s: is it running? Set DOCKER_HOST or the docker.host setting", "No hay conexión con el daemon de Docker en %s: ¿está en marcha? Configura DOCKER_HOST o el ajuste docker.host"},
	{"Docker daemon not reachable at %s (from %s): is it running? Set DOCKER_HOST or the docker.host setting", "No hay conexión con el daemon de Docker en %s (según %s): ¿está en marcha? Configura DOCKER_HOST o el ajuste docker.host"},
	{"Docker daemon not answering at %s (no answer in %s): is it running? Set DOCKER_HOST or the docker.host setting", "El daemon de Docker no responde en %s (sin respuesta en %s): ¿está en marcha? Configura DOCKER_HOST o el ajuste docker.host"},
	{"Docker daemon not answering at %s (from %s) (no answer in %s): is it running? Set DOCKER_HOST or the docker.host setting", "El daemon de Docker no responde en %s (según %s) (sin respuesta en %s): ¿está en marcha? Configura DOCKER_HOST o el ajuste docker.host"},
	{"Podman API service not reachable at %s (from %s): is it running (systemctl --user start podman.socket)? Set DOCKER_HOST or the docker.host setting", "No hay conexión con el servicio de la API de Podman en %s (según %s): ¿está en marcha (systemctl --user start podman.socket)? Configura DOCKER_HOST o el ajuste docker.host"},
	{"Podman API service not reachable at %s: is it running (systemctl --user start podman.socket)? Set DOCKER_HOST or the docker.host setting", "No hay conexión con el servicio de la API de Podman en %s: ¿está en marcha (systemctl --user start podman.socket)? Configura DOCKER_HOST o el ajuste docker.host"},
}

// esEditorFragments are pieces the editor's messages are made of.
var esEditorFragments = []entry{
	{"the classic builder", "el constructor clásico"},
	{"docker.host setting", "el ajuste docker.host"},
	{"Podman socket", "el socket de Podman"},
	{" at line %d", " en la línea %d"},
}

// esActionFragments are the actions' names, which also come as the
// pieces of a message ("pull x: cancelled").
var esActionFragments = []entry{
	{"build %s", "construir %s"},
	{"pull %s", "descargar %s"},
	{"pin %s", "fijar %s"},
	{"pin", "fijar"},
}
