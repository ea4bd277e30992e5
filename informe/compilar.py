"""El flujo de `informe compilar`: validar → agregar → gráficas → md → los escritores pedidos, a la vez.

Cada etapa es una función; este módulo solo las encadena, escribe de forma
atómica y dice en qué etapa falló algo. Lo que es de una familia (cómo se agrega,
qué figuras y plantillas tiene, su portada) se lo pide a la familia de la carpeta;
los formatos de salida, al registro de escritores (`escritores.py`).

Todo se arma en una carpeta temporal privada, fuera de --salida: un `compilar` interrumpido en cualquier
momento no deja carpetas a medias en la salida. Cada archivo terminado se mueve a la salida con una
escritura atómica.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import escritores
from .archivos import escribir_atomico
from .errores import ErrorDeEtapa, ErrorDeUso
from .familias import Contexto, Familia, Preparado
from .problemas import Problema
from .validar import validar_hasta

FORMATOS = escritores.por_omision()


@dataclass
class Compilacion:
    periodo: str
    problemas: list[Problema] = field(default_factory=list)
    escritos: list[Path] = field(default_factory=list)
    resumen: object | None = None
    notas: Path | None = None  # notas de captura, aparte del informe
    # JLE sin archivo guardado en un periodo que las espera: (nombre corto, "falta" | "rechazado");
    # si hay y no se permiten, no se escribe nada
    faltantes: list[tuple[str, str]] = field(default_factory=list)


def escribir_notas(salida: Path, preparado: Preparado) -> Path | None:
    """Las notas de captura (supuestos, correcciones a la fuente, omisiones) van en un archivo aparte: el
    informe es de la institución y no habla de cómo se capturó."""
    destino = salida / f"informe-{preparado.periodo}.notas.md"
    if not (preparado.notas or preparado.correcciones or preparado.omisiones):
        # las de una compilación anterior ya no dicen nada de este informe: no se quedan junto a él
        if destino.is_file() and not destino.is_symlink():
            destino.unlink()
        return None
    lineas = [f"# {preparado.titulo_notas}", "",
              "Lo que se asumió, corrigió u omitió al capturar y compilar este periodo. No forma parte del informe.", ""]
    for titulo, elementos in (("Supuestos", preparado.notas), ("Correcciones a la fuente", preparado.correcciones),
                              ("Lo que el informe no incluye", preparado.omisiones)):
        if elementos:
            lineas += [f"## {titulo}", ""] + [f"- {' '.join(s.split())}" for s in elementos] + [""]
    escribir_atomico(destino, "\n".join(lineas).rstrip("\n") + "\n")
    return destino


def _morir_con_el_padre(padre: int) -> None:
    """Inicializador del proceso de las gráficas: si `compilar` muere (SIGTERM, SIGKILL, Ctrl-C), este también.

    Sin esto el proceso hijo (y el rastreador de recursos de multiprocessing, que vive mientras el hijo
    tenga abierta su tubería) quedaba vivo tras cada compilación interrumpida.
    """
    import os
    import signal
    import threading
    import time

    try:  # Linux: el núcleo mata al hijo en cuanto muere el padre
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != padre:  # el padre murió mientras este proceso arrancaba (antes del prctl)
        os._exit(1)

    def vigilar() -> None:  # en cualquier sistema: si cambia el padre, el original ya no existe
        while True:
            time.sleep(0.5)
            if os.getppid() != padre:
                os._exit(1)

    threading.Thread(target=vigilar, daemon=True).start()


def _en_otro_proceso(funcion, *args):
    """Corre `funcion` en un proceso aparte y devuelve su futuro.

    Dibujar con matplotlib ocupa un núcleo entero; el otro sigue con el Markdown y pandoc.
    «spawn» y no «fork»: en una terminal la barra de progreso de Rich es otro hilo, y copiar
    un proceso con hilos puede dejar al hijo esperando un candado que nadie soltará.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import os

    procesos = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_morir_con_el_padre, initargs=(os.getpid(),))
    futuro = procesos.submit(funcion, *args)
    procesos.shutdown(wait=False)
    return futuro


def _figuras_de_la_cache(huellas: dict[str, str], carpeta: Path) -> dict[str, str]:
    """Escribe las figuras que ya se dibujaron con los mismos datos; devuelve las que faltan, con su huella.

    `carpeta` está en la carpeta de trabajo, privada y temporal: se escribe sin fsync (≈4 ms por figura en
    el camino crítico, que nada protegían); la copia que llega a la salida sí es atómica (`_Destino`)."""
    from . import cache

    faltan = {}
    carpeta.mkdir(parents=True, exist_ok=True)
    for clave, huella in huellas.items():
        png = cache.leer_figura(huella)
        if png is None:
            faltan[clave] = huella
        else:
            (carpeta / f"{clave}.png").write_bytes(png)
    return faltan


def _figuras_a_la_cache(dibujadas: dict[str, str], carpeta: Path) -> None:
    from . import cache

    for clave, huella in dibujadas.items():
        cache.guardar_figura(huella, (carpeta / f"{clave}.png").read_bytes())


def _copiar_imagenes(carpeta: Path, salida: Path):
    """Las imágenes de los textos se copian junto al informe (como las gráficas): el Markdown las cita ahí y
    pandoc y Typst solo leen copias hechas por la herramienta. Misma imagen, mismo nombre (su huella)."""
    import hashlib

    def copiar(real: Path) -> str:
        from .archivos import leer_entrada
        from .textos import IMAGEN_MAXIMA

        datos, problemas = leer_entrada(real, str(real), IMAGEN_MAXIMA)
        if datos is None:
            raise ErrorDeEtapa("md", problemas[0].mensaje)
        destino = carpeta / f"{hashlib.blake2b(datos, digest_size=8).hexdigest()}{real.suffix.lower()}"
        escribir_atomico(destino, datos)
        return destino.relative_to(salida).as_posix()

    return copiar


def compilar(datos: Path, periodo: str, salida: Path, formatos: tuple[str, ...] = FORMATOS,
             plantillas: Path | None = None, avisar: Callable[[str], None] = lambda etapa: None,
             incluir_diff: str | None = None, permitir_faltantes: bool = False) -> Compilacion:
    from .familias import de_carpeta

    import tempfile

    desconocidos = [f for f in formatos if f not in escritores.REGISTRO]
    if desconocidos:
        raise ErrorDeUso(f"formato desconocido: {', '.join(desconocidos)} (se admiten "
                         f"{', '.join(escritores.nombres())})")
    familia = de_carpeta(datos)
    pid = familia.resolver_periodo(datos, periodo)
    resultado = Compilacion(pid)
    try:
        with tempfile.TemporaryDirectory(prefix="informe-") as trabajo:
            return _compilar(familia, datos, pid, _Destino(Path(trabajo), salida), formatos, plantillas, avisar,
                             incluir_diff, resultado, permitir_faltantes)
    except ErrorDeEtapa as e:
        e.escritos = list(resultado.escritos) + ([resultado.notas] if resultado.notas else [])
        raise


@dataclass
class _Destino:
    """La carpeta privada donde se arma el informe y la salida a donde se mueve cada archivo terminado."""
    trabajo: Path
    salida: Path

    def publicar(self, relativa: str) -> Path:
        destino = self.salida / relativa
        escribir_atomico(destino, (self.trabajo / relativa).read_bytes())
        return destino

    def publicar_carpeta(self, nombre: str) -> None:
        """Las gráficas e imágenes que el Markdown cita, junto a él en la salida."""
        carpeta = self.trabajo / nombre
        if carpeta.is_dir():
            for archivo in sorted(carpeta.iterdir()):
                self.publicar(f"{nombre}/{archivo.name}")


def _compilar(familia: Familia, datos: Path, pid: str, destino: _Destino, formatos: tuple[str, ...],
              plantillas: Path | None, avisar: Callable[[str], None], incluir_diff: str | None,
              resultado: Compilacion, permitir_faltantes: bool) -> Compilacion:
    avisar("validar")
    resultado.problemas, cargas = validar_hasta(datos, pid, familia)
    if any(p.severidad == "error" for p in resultado.problemas):
        return resultado
    avisar("agregar")
    preparado = familia.preparar(datos, pid, cargas)
    resultado.resumen = preparado.resumen
    resultado.faltantes = preparado.faltantes
    if resultado.faltantes and not permitir_faltantes:
        return resultado  # un informe con huecos solo se compila si el analista lo pide
    diferencias = _diferencias(familia, datos, pid, preparado, incluir_diff)
    from .convertir import LectorPorCapitulos

    # pandoc lee en dos procesos a la vez (dos núcleos) solo los capítulos que no están ya en la caché; el
    # árbol es el mismo que de una vez
    documento = preparar_documento(familia, preparado, pid, destino.trabajo, formatos, plantillas, diferencias,
                                   avisar, lector=LectorPorCapitulos(grupos=2, cache=True))
    notas = escribir_notas(destino.salida, preparado)
    if notas is not None:
        resultado.notas = notas
    carpetas = [f"graficas-{pid}", f"imagenes-{pid}"]

    def terminado(nombre: str) -> None:
        if nombre.endswith(".md"):  # el Markdown cita las gráficas e imágenes: van antes que él
            documento.esperar_figuras()
            while carpetas:
                destino.publicar_carpeta(carpetas.pop())
        resultado.escritos.append(destino.publicar(nombre))

    try:
        escribir(documento, formatos, avisar, terminado)
    except ErrorDeEtapa as e:
        raise _con_su_texto(e, preparado.textos) from e.__cause__
    documento.esperar_figuras()
    while carpetas:
        destino.publicar_carpeta(carpetas.pop())
    return resultado


def preparar_documento(familia: Familia, preparado: Preparado, pid: str, trabajo: Path, formatos: tuple[str, ...],
                       plantillas: Path | None, diferencias: dict | None = None,
                       avisar: Callable[[str], None] = lambda etapa: None, lector=None) -> escritores.Documento:
    """El informe en Markdown y su contexto, con las figuras en camino (en otro proceso, si no estaban en la
    caché) dentro de `trabajo`. También lo usa `informe vista` en cada cambio."""
    dibujar = escritores.necesitan(formatos, "figuras")
    graficas, dibujo = _graficas(familia, preparado.resumen, trabajo / f"graficas-{pid}", trabajo, dibujar, avisar)
    avisar("md")
    imagenes = _copiar_imagenes(trabajo / f"imagenes-{pid}", trabajo)
    ctx, markdown = _markdown(familia, preparado, graficas, diferencias, plantillas, imagenes)
    return escritores.Documento(markdown, ctx, pid, trabajo, dibujo.esperar if dibujo else lambda: None, lector)


def _con_su_texto(error: ErrorDeEtapa, textos) -> ErrorDeEtapa:
    """La falla de un convertidor con el texto del analista y la línea donde está el pasaje que no se pudo
    componer, si es de uno (`textos.ubicar`)."""
    from .textos import ubicar

    donde = ubicar(textos or [], getattr(error.__cause__, "pasaje", None))
    if donde is None:
        return error
    return ErrorDeEtapa(error.etapa, f"{error} El pasaje está en {donde[0]}, línea {donde[1]}.")


def _diferencias(familia: Familia, datos: Path, pid: str, preparado: Preparado, incluir_diff: str | None) -> dict | None:
    """Las diferencias con un periodo anterior para el anexo (`--incluir-diff`), o None."""
    if incluir_diff is None:
        return None
    desde = familia.resolver_periodo(datos, incluir_diff)
    if desde >= pid:
        raise ErrorDeUso(f"--incluir-diff ({desde}) debe ser anterior al periodo compilado ({pid})")
    if preparado.comparar is None:
        raise ErrorDeUso(f"la familia {familia.nombre} no compara periodos en el informe")
    return preparado.comparar(desde)


@dataclass
class _Dibujo:
    """Las figuras que se dibujan en otro proceso mientras sigue el resto: las que no estaban en la caché."""
    futuro: object
    faltan: dict[str, str]  # clave → huella
    carpeta: Path

    def esperar(self) -> None:
        try:
            self.futuro.result()
            _figuras_a_la_cache(self.faltan, self.carpeta)
        except Exception as e:  # noqa: BLE001 - cualquier falla de matplotlib es de esta etapa
            raise ErrorDeEtapa("gráficas", f"no se pudieron dibujar las gráficas: {e}") from e


def _graficas(familia: Familia, resumen, carpeta: Path, salida: Path, dibujar: bool,
              avisar: Callable[[str], None]) -> tuple[dict[str, str | None], _Dibujo | None]:
    """La ruta de cada figura para la plantilla y, si hay que dibujar alguna, su dibujo en curso."""
    from .figuras import generar, huellas, previstas

    # rutas relativas a la carpeta de salida, donde también queda el Markdown; None: sin datos;
    # "": hay datos pero esta corrida no dibuja (solo md), y la plantilla lo dice
    graficas: dict[str, str | None] = {k: None if v is None else v.relative_to(salida).as_posix() if dibujar else ""
                                       for k, v in previstas(familia.figuras, resumen, carpeta).items()}
    if not dibujar:
        return graficas, None
    avisar("gráficas")
    faltan = _figuras_de_la_cache(huellas(familia.figuras, resumen), carpeta)
    if not faltan:
        return graficas, None
    # matplotlib en otro proceso, mientras sigue el resto; solo lo que no está ya dibujado
    return graficas, _Dibujo(_en_otro_proceso(generar, familia.nombre, resumen, carpeta, set(faltan)), faltan, carpeta)


def _markdown(familia: Familia, preparado: Preparado, graficas: dict, diferencias: dict | None,
              plantillas: Path | None, imagenes) -> tuple[Contexto, str]:
    """El contexto de las plantillas y el informe en Markdown; un fallo de una plantilla o de un texto es un
    error de la etapa md, en español."""
    from .figuras import descripciones
    from .renderizar import renderizar_markdown
    from .textos import ErrorDeTexto, componer_ranuras

    try:
        ctx = preparado.contexto(graficas, diferencias)
        # el texto alternativo de cada gráfica, con sus cifras: el mismo en el PDF y en el DOCX
        ctx.descripciones = descripciones(familia.figuras, preparado.resumen)
        valores = ctx.para_plantillas()
        ranuras = componer_ranuras(preparado.textos, valores, imagenes)
        return ctx, renderizar_markdown(valores, plantillas, ranuras, familia.plantillas)
    except ErrorDeTexto as e:
        raise ErrorDeEtapa("md", str(e), e.orden) from None
    except Exception as e:
        error = _error_de_plantilla(e)
        if error is None:
            raise
        raise error from None


def _error_de_plantilla(e: Exception) -> ErrorDeEtapa | None:
    """El error de la etapa md que dice qué plantilla falló, en qué línea y por qué (None: no es de una plantilla)."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

    from .caja import Excedido, PlantillaNegada, donde_fallo, nombre_indefinido
    from .textos import sintaxis_en_espanol

    if isinstance(e, PlantillaNegada):
        return ErrorDeEtapa("md", f"la plantilla {e.nombre} no se lee: {e.motivo}")
    if isinstance(e, TemplateNotFound):
        return ErrorDeEtapa("md", f"falta la plantilla {e.name} (en --plantillas o en las del paquete)")
    if isinstance(e, UnicodeDecodeError):
        return ErrorDeEtapa("md", f"una plantilla no está en UTF-8 (byte 0x{e.object[e.start]:02X}); guárdela como "
                                  "UTF-8")
    if not isinstance(e, (TemplateError, Excedido, ArithmeticError, TypeError, ValueError, LookupError,
                          AttributeError, RecursionError)):
        return None
    # las plantillas son del paquete o de la carpeta que el analista nombró; ni así llega un mensaje en inglés
    archivo, linea = donde_fallo(e)
    if isinstance(e, TemplateSyntaxError) and e.name:  # la plantilla que no se puede leer, no la que la incluye
        archivo, linea = e.name, e.lineno
    donde = archivo or getattr(e, "name", None) or "del informe"
    if isinstance(e, TemplateSyntaxError):
        motivo = f"error de sintaxis: {sintaxis_en_espanol(e.message)}"
    elif isinstance(e, Excedido):
        motivo = f"pasa un límite de la composición: {e}"
    elif isinstance(e, UndefinedError) and nombre_indefinido(e):
        motivo = f"«{nombre_indefinido(e)}» no existe en los datos de este informe"
    else:
        motivo = "una expresión no se puede calcular con estos datos"
    return ErrorDeEtapa("md", f"plantilla {donde}{f', línea {linea}' if linea else ''}: {motivo}")


def escribir(documento: escritores.Documento, formatos: tuple[str, ...], avisar: Callable[[str], None],
             terminado: Callable[[str], None]) -> None:
    """Cada formato pedido con su escritor, todos a la vez (pandoc, Typst y python-docx pasan la mayor parte
    del tiempo fuera del intérprete o en otro proceso). `terminado` recibe el nombre de cada archivo en
    cuanto está completo, en el orden del registro: si un formato falla, se sabe cuáles quedaron."""
    from concurrent.futures import ThreadPoolExecutor

    from . import convertir
    from .lengua import enumerar

    pedidos = [escritores.escritor(n) for n in escritores.nombres() if n in formatos]
    if not pedidos:
        return
    avisar(enumerar([e.nombre for e in pedidos]))

    def correr(escritor: escritores.Escritor) -> str:
        nombre = escritor.archivo(documento.periodo)
        try:
            escritor.convertir(documento, documento.trabajo / nombre)
        except convertir.ErrorDeConversion as e:
            raise ErrorDeEtapa(escritor.nombre, str(e), e.orden) from e
        return nombre

    with ThreadPoolExecutor(max_workers=len(pedidos)) as hilos:
        futuros = [hilos.submit(correr, e) for e in pedidos]
        try:
            for futuro in futuros:
                terminado(futuro.result())
        except BaseException:
            for futuro in futuros:
                futuro.cancel()
            raise
