"""`informe vista`: el informe en HTML servido en 127.0.0.1, que se actualiza solo mientras el analista escribe.

Un hilo revisa cada `INTERVALO` segundos la carpeta de datos (datos, textos, proceso.yaml), la de
--plantillas y las plantillas del paquete; tras un cambio espera a que las escrituras se asienten
(`ASENTAR`) y recompone, una recomposición a la vez, en el mismo proceso: la caché de validación, las
figuras por huella (sin matplotlib si lo que dibujan no cambió) y la letra ya recortada hacen que un
cambio de texto cueste la composición del Markdown y dos pasadas de pandoc. La página abierta recibe la
versión nueva por Server-Sent Events y se vuelve a cargar.

Los problemas de `validar` (y el error de una etapa) se muestran arriba de la página, con archivo, línea,
columna y sugerencia; debajo sigue la última composición buena. El servidor responde solo tres rutas (la
página, su script y el canal de eventos): cualquier otra, incluida una con «..» o absoluta, es 404, y
no lee ningún archivo para responder. La carpeta de trabajo es temporal y privada; Ctrl-C la borra.

Se usa la biblioteca estándar (http.server y un sondeo con os.scandir) y no un paquete de vigilancia de
archivos: con las decenas de archivos de un periodo el sondeo cuesta milisegundos y funciona igual en
Linux, macOS, WSL y carpetas de red (docs/arquitectura.md).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

INTERVALO = 0.1  # segundos entre dos revisiones de los archivos
ASENTAR = 0.1  # tras un cambio, tiempo sin cambios antes de recomponer (un editor guarda en varios pasos)
LATIDO = 15.0  # un comentario por el canal de eventos: descubre páginas cerradas
MARCA_PROBLEMAS = "<!--informe:problemas-->"
MARCA_SCRIPT = "<!--informe:script-->"
POLITICA_VISTA = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
                  "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'")


def huella_de_archivos(carpetas: list[Path]) -> dict[str, tuple[int, int]]:
    """Ruta → (mtime en ns, tamaño) de cada archivo bajo las carpetas, sin seguir enlaces."""
    vistos: dict[str, tuple[int, int]] = {}
    pendientes = [str(c) for c in carpetas]
    while pendientes:
        carpeta = pendientes.pop()
        try:
            entradas = list(os.scandir(carpeta))
        except OSError:
            continue
        for e in entradas:
            try:
                if e.is_dir(follow_symlinks=False):
                    pendientes.append(e.path)
                else:
                    s = e.stat(follow_symlinks=False)
                    vistos[e.path] = (s.st_mtime_ns, s.st_size)
            except OSError:
                continue
    return vistos


@dataclass
class Estado:
    """La última composición buena y los problemas de la más reciente; `version` cambia con cada una."""
    pagina: str | None = None
    problemas: list = field(default_factory=list)
    error: str | None = None  # el error de una etapa (una plantilla, un texto), sin ubicación de validar
    version: int = 0
    cambio: threading.Condition = field(default_factory=threading.Condition)

    def publicar(self, pagina: str | None, problemas: list, error: str | None) -> None:
        with self.cambio:
            if pagina is not None:
                self.pagina = pagina
            self.problemas, self.error = problemas, error
            self.version += 1
            self.cambio.notify_all()


def _lista(problemas: list) -> list[str]:
    partes = []
    for p in problemas:
        sugerencia = f"<br>Sugerencia: {escape(p.sugerencia)}" if p.sugerencia else ""
        partes.append(f'<li><code>{escape(p.ubicacion())}</code> ({escape(p.codigo)}): {escape(p.mensaje)}'
                      f"{sugerencia}</li>")
    return partes


def panel(problemas: list, error: str | None, hay_pagina: bool) -> str:
    """Los problemas arriba de la página: cada uno con archivo:línea:columna, mensaje y sugerencia. Los
    errores, a la vista (el informe no se actualizó); las advertencias, plegadas (no impiden compilar)."""
    from .lengua import plural

    errores = [p for p in problemas if p.severidad == "error"]
    advertencias = [p for p in problemas if p.severidad != "error"]
    partes = []
    if errores or error is not None:
        n = len(errores) + (error is not None)
        debajo = ("Debajo sigue la última versión que se pudo componer." if hay_pagina
                  else "Todavía no hay una versión que se pueda componer.")
        partes += ['<section class="vista-problemas" role="alert" aria-labelledby="vista-problemas-titulo" '
                   'style="border:3px solid #A4002B;background:#FFF4F4;color:#1A1A1A;padding:1rem 1.25rem;'
                   'margin:1rem 0">',
                   f'<h2 id="vista-problemas-titulo" style="color:#A4002B;margin-top:0">El informe no se '
                   f'actualizó: {n} {plural(n, "problema")}</h2>', f"<p>{debajo}</p>", "<ul>"]
        partes += ([f"<li>{escape(error)}</li>"] if error is not None else []) + _lista(errores)
        partes += ["</ul>", "</section>"]
    if advertencias:
        n = len(advertencias)
        partes += ['<details class="vista-problemas" style="border:1px solid #969696;padding:.5rem 1rem;'
                   'margin:1rem 0">',
                   f"<summary>{n} {plural(n, 'advertencia')} en los datos (no impiden compilar)</summary>",
                   "<ul>", *_lista(advertencias), "</ul>", "</details>"]
    return "\n".join(partes)


_VACIA = ('<!DOCTYPE html>\n<html lang="es-MX">\n<head>\n<meta charset="utf-8">\n'
          '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
          '<title>Vista previa del informe</title>\n<style>body { font-family: "Liberation Sans", Arial, sans-serif; '
          'line-height: 1.5; max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem; color: #1A1A1A; }</style>\n'
          + MARCA_SCRIPT + '</head>\n<body>\n<main>\n'
          '<h1>Vista previa del informe</h1>\n' + MARCA_PROBLEMAS + '\n</main>\n</body>\n</html>\n')


def servida(estado: Estado) -> tuple[str, int]:
    """La página que se sirve ahora: la última buena con los problemas actuales encima, y su versión."""
    with estado.cambio:
        pagina, problemas, error, version = estado.pagina, estado.problemas, estado.error, estado.version
    base = pagina if pagina is not None else _VACIA
    script = f'<script src="/vista.js" data-version="{version}" defer></script>\n'
    return base.replace(MARCA_SCRIPT, script, 1).replace(MARCA_PROBLEMAS, panel(problemas, error, pagina is not None),
                                                         1), version


class Compositor:
    """Compone el HTML del periodo en una carpeta de trabajo propia; una composición a la vez."""

    def __init__(self, datos: Path, periodo: str, plantillas: Path | None, trabajo: Path):
        self.datos, self.periodo, self.plantillas, self.trabajo = datos, periodo, plantillas, trabajo
        self._candado = threading.Lock()
        from .convertir import LectorPorCapitulos
        from .html import PiezasPorCapitulos

        self._lector = LectorPorCapitulos()
        self._piezas = PiezasPorCapitulos(self._lector)

    def componer(self) -> tuple[str | None, list, str | None]:
        """(página o None si no se pudo, problemas de validar, error de una etapa)."""
        from .errores import ErrorDeConversion, ErrorDeEtapa, ErrorDeUso

        with self._candado:
            try:
                return self._componer()
            except (ErrorDeEtapa, ErrorDeUso, ErrorDeConversion) as e:
                return None, [], f"{e} {e.orden}" if e.orden else str(e)  # la orden tras su «Revíselo con:»
            except OSError as e:
                from .errores import mensaje_de_oserror

                return None, [], mensaje_de_oserror(e)
            except Exception as e:  # noqa: BLE001 - la vista sigue viva y lo dice en la página, sin traceback
                return None, [], f"no se pudo componer el informe ({type(e).__name__}); corra «informe compilar» " \
                                 "con los mismos datos para ver en qué etapa falla"

    def _componer(self) -> tuple[str | None, list, str | None]:
        from .compilar import preparar_documento
        from .familias import de_carpeta
        from .html import pagina
        from .validar import validar_hasta

        familia = de_carpeta(self.datos)
        pid = familia.resolver_periodo(self.datos, self.periodo)
        problemas, cargas = validar_hasta(self.datos, pid, familia)
        if any(p.severidad == "error" for p in problemas):
            return None, problemas, None
        preparado = familia.preparar(self.datos, pid, cargas)
        doc = preparar_documento(familia, preparado, pid, self.trabajo, ("html",), self.plantillas, lector=self._lector)
        html = pagina(doc, POLITICA_VISTA, cabeza_extra=MARCA_SCRIPT + "\n", cuerpo_extra=MARCA_PROBLEMAS + "\n",
                      piezas=self._piezas)
        return html, problemas, None


class Vigilante(threading.Thread):
    """Recompone cuando cambia algo bajo las carpetas vigiladas (sondeo, con espera a que se asiente)."""

    def __init__(self, carpetas: list[Path], recomponer: Callable[[], None]):
        super().__init__(name="informe-vista", daemon=True)
        self.carpetas, self.recomponer = carpetas, recomponer
        self.alto = threading.Event()

    def run(self) -> None:
        anterior = huella_de_archivos(self.carpetas)
        espera = INTERVALO
        while not self.alto.wait(espera):
            inicio = time.perf_counter()
            actual = huella_de_archivos(self.carpetas)
            # una carpeta con años de historia tarda más en recorrerse: el sondeo no pasa del 10 % de un núcleo
            espera = max(INTERVALO, 10 * (time.perf_counter() - inicio))
            if actual == anterior:
                continue
            while not self.alto.wait(ASENTAR):  # que termine de guardar
                siguiente = huella_de_archivos(self.carpetas)
                if siguiente == actual:
                    break
                actual = siguiente
            if self.alto.is_set():
                return
            anterior = actual
            self.recomponer()


def _manejador(estado: Estado, script: bytes, anfitriones: set[str], alto: threading.Event):
    class Manejador(BaseHTTPRequestHandler):
        server_version = "informe"
        sys_version = ""

        def log_message(self, *args) -> None:  # sin la bitácora en inglés de http.server en la terminal
            pass

        def _enviar(self, codigo: int, tipo: str, cuerpo: bytes) -> None:
            self.send_response(codigo)
            self.send_header("Content-Type", tipo)
            self.send_header("Content-Length", str(len(cuerpo)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", POLITICA_VISTA)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(cuerpo)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            # solo las rutas exactas: nada se resuelve contra una carpeta, así que «..», «%2e%2e» o una ruta
            # absoluta no tienen a qué llegar. El anfitrión se revisa contra el rebinding de DNS.
            ruta = self.path.split("?", 1)[0]
            if self.headers.get("Host", "") not in anfitriones:
                self._enviar(404, "text/plain; charset=utf-8", "No existe.\n".encode())
            elif ruta == "/":
                self._enviar(200, "text/html; charset=utf-8", servida(estado)[0].encode("utf-8"))
            elif ruta == "/vista.js":
                self._enviar(200, "text/javascript; charset=utf-8", script)
            elif ruta == "/eventos" and self.command == "GET":
                self._eventos()
            else:
                self._enviar(404, "text/plain; charset=utf-8", "No existe.\n".encode())

        def _eventos(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            enviada = None
            try:
                while not alto.is_set():
                    with estado.cambio:
                        if estado.version == enviada:
                            estado.cambio.wait(LATIDO)
                        version = estado.version
                    mensaje = f": latido\n\n" if version == enviada else f"data: {version}\n\n"
                    self.wfile.write(mensaje.encode())
                    self.wfile.flush()
                    enviada = version
            except OSError:  # la página se cerró
                return

    return Manejador


class _Servidor(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Una página que se cierra a media respuesta no es un error que mostrar (y no en inglés)."""


def servir(datos: Path, periodo: str, plantillas: Path | None, puerto: int, decir: Callable[[str], None]) -> None:
    """Sirve la vista previa hasta Ctrl-C (o SIGTERM); al salir no queda nada: ni hilos ni carpeta."""
    import signal
    import tempfile

    from .renderizar import PLANTILLAS_PAQUETE

    script = (PLANTILLAS_PAQUETE / "vista.js").read_bytes()
    estado = Estado()
    alto = threading.Event()
    with tempfile.TemporaryDirectory(prefix="informe-vista-") as trabajo:
        compositor = Compositor(datos, periodo, plantillas, Path(trabajo))

        def recomponer() -> None:
            inicio = time.perf_counter()
            pagina, problemas, error = compositor.componer()
            estado.publicar(pagina, problemas, error)
            decir(_resumen(pagina is not None, problemas, error, time.perf_counter() - inicio))

        # primero el puerto: uno ocupado se dice enseguida, no tras componer
        servidor = _Servidor(("127.0.0.1", puerto), None)
        real = servidor.server_address[1]
        servidor.RequestHandlerClass = _manejador(estado, script, {f"127.0.0.1:{real}", f"localhost:{real}"}, alto)
        decir(f"Componiendo el informe {periodo}…")
        try:
            recomponer()
        except KeyboardInterrupt:
            servidor.server_close()
            decir("Vista previa detenida.")
            return
        vigilados = [datos, *([plantillas] if plantillas else []), PLANTILLAS_PAQUETE]
        vigilante = Vigilante(vigilados, recomponer)
        vigilante.start()
        decir(f"Vista previa en http://127.0.0.1:{real}/")
        decir("Se actualiza al guardar un dato, un texto, proceso.yaml o una plantilla.")
        decir("Para detenerla: Ctrl-C.")
        anterior = signal.signal(signal.SIGTERM, _interrumpir)
        try:
            servidor.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, anterior)
            alto.set()
            vigilante.alto.set()
            with estado.cambio:
                estado.cambio.notify_all()
            servidor.server_close()
            vigilante.join(timeout=30)  # una recomposición en curso termina antes de borrar su carpeta
    decir("Vista previa detenida.")


def _interrumpir(*_) -> None:
    raise KeyboardInterrupt


def _resumen(buena: bool, problemas: list, error: str | None, segundos: float) -> str:
    from .lengua import plural

    errores = sum(p.severidad == "error" for p in problemas) + (error is not None)
    if buena:
        return f"Actualizada en {segundos:.1f} s."
    return f"No se actualizó: {errores} {plural(errores, 'problema')} (se muestran en la página)."
