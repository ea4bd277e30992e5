"""El flujo de `informe compilar`: validar → agregar → gráficas → md → docx → pdf.

Cada etapa es una función; este módulo solo las encadena, escribe de forma
atómica y dice en qué etapa falló algo. Lo que es de una familia (cómo se agrega,
qué figuras y plantillas tiene, su portada) se lo pide a la familia de la carpeta.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .almacen import resolver_periodo
from .archivos import escribir_atomico
from .errores import ErrorDeEtapa, ErrorDeUso
from .familias import Familia, Preparado
from .problemas import Problema
from .validar import validar_hasta

FORMATOS = ("md", "docx", "pdf")


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
    if not (preparado.notas or preparado.correcciones or preparado.omisiones):
        return None
    destino = salida / f"informe-{preparado.periodo}.notas.md"
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
    """Escribe las figuras que ya se dibujaron con los mismos datos; devuelve las que faltan, con su huella."""
    from . import cache

    faltan = {}
    for clave, huella in huellas.items():
        png = cache.leer_figura(huella)
        if png is None:
            faltan[clave] = huella
        else:
            escribir_atomico(carpeta / f"{clave}.png", png)
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

    familia = de_carpeta(datos)
    pid = resolver_periodo(datos, periodo)
    resultado = Compilacion(pid)
    try:
        return _compilar(familia, datos, pid, salida, formatos, plantillas, avisar, incluir_diff, resultado,
                         permitir_faltantes)
    except ErrorDeEtapa as e:
        e.escritos = list(resultado.escritos) + ([resultado.notas] if resultado.notas else [])
        raise


def _compilar(familia: Familia, datos: Path, pid: str, salida: Path, formatos: tuple[str, ...],
              plantillas: Path | None, avisar: Callable[[str], None], incluir_diff: str | None,
              resultado: Compilacion, permitir_faltantes: bool) -> Compilacion:
    from .renderizar import renderizar_markdown

    avisar("validar")
    resultado.problemas, cargas = validar_hasta(datos, pid, familia)
    if any(p.severidad == "error" for p in resultado.problemas):
        return resultado
    avisar("agregar")
    preparado = familia.preparar(datos, pid, cargas)
    resumen = resultado.resumen = preparado.resumen
    resultado.faltantes = preparado.faltantes
    if resultado.faltantes and not permitir_faltantes:
        return resultado  # un informe con huecos solo se compila si el analista lo pide
    diferencias = None
    if incluir_diff is not None:
        desde = resolver_periodo(datos, incluir_diff)
        if desde >= pid:
            raise ErrorDeUso(f"--incluir-diff ({desde}) debe ser anterior al periodo compilado ({pid})")
        if preparado.comparar is None:
            raise ErrorDeUso(f"la familia {familia.nombre} no compara periodos en el informe")
        diferencias = preparado.comparar(desde)
    convertibles = [f for f in ("docx", "pdf") if f in formatos]
    from .figuras import descripciones, generar, huellas, previstas

    carpeta = salida / f"graficas-{pid}"
    # rutas relativas a la carpeta de salida, donde también queda el Markdown; None: sin datos;
    # "": hay datos pero esta corrida no dibuja (solo md), y la plantilla lo dice
    graficas: dict[str, str | None] = {k: None if v is None else v.relative_to(salida).as_posix() if convertibles else ""
                                       for k, v in previstas(familia.figuras, resumen, carpeta).items()}
    dibujo = None
    faltan: dict[str, str] = {}
    if convertibles:
        avisar("gráficas")
        faltan = _figuras_de_la_cache(huellas(familia.figuras, resumen), carpeta)
        if faltan:  # matplotlib en otro proceso, mientras sigue el resto; solo lo que no está ya dibujado
            dibujo = _en_otro_proceso(generar, familia.nombre, resumen, carpeta, set(faltan))
    avisar("md")
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

    from .caja import Excedido, donde_fallo, nombre_indefinido
    from .textos import ErrorDeTexto, _sintaxis_en_espanol, componer_ranuras

    imagenes = _copiar_imagenes(salida / f"imagenes-{pid}", salida)
    try:
        # el texto alternativo de cada gráfica, con sus cifras: el mismo en el PDF y en el DOCX
        ctx = {**preparado.contexto(graficas, diferencias), "descripciones": descripciones(familia.figuras, resumen)}
        ranuras = componer_ranuras(preparado.textos, ctx, imagenes)
        markdown = renderizar_markdown(ctx, plantillas, ranuras, familia.plantillas)
    except ErrorDeTexto as e:
        raise ErrorDeEtapa("md", str(e)) from None
    except TemplateNotFound as e:
        raise ErrorDeEtapa("md", f"falta la plantilla {e.name} (en --plantillas o en las del paquete)") from None
    except UnicodeDecodeError as e:
        raise ErrorDeEtapa("md", f"una plantilla no está en UTF-8 (byte 0x{e.object[e.start]:02X}); guárdela como "
                                 "UTF-8") from None
    except (TemplateError, Excedido, ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
            RecursionError) as e:
        # las plantillas son del paquete o de la carpeta que el analista nombró; ni así llega un mensaje en inglés
        archivo, linea = donde_fallo(e)
        donde = archivo or getattr(e, "name", None) or "del informe"
        if isinstance(e, TemplateSyntaxError):
            motivo = f"error de sintaxis: {_sintaxis_en_espanol(e.message)}"
        elif isinstance(e, Excedido):
            motivo = f"pasa un límite de la composición: {e}"
        elif isinstance(e, UndefinedError) and nombre_indefinido(e):
            motivo = f"«{nombre_indefinido(e)}» no existe en los datos de este informe"
        else:
            motivo = "una expresión no se puede calcular con estos datos"
        raise ErrorDeEtapa("md", f"plantilla {donde}{f', línea {linea}' if linea else ''}: {motivo}") from None
    destino_md = salida / f"informe-{pid}.md"
    if "md" in formatos:
        escribir_atomico(destino_md, markdown)
        resultado.escritos.append(destino_md)
    notas = escribir_notas(salida, preparado)
    if notas is not None:
        resultado.notas = notas
    if convertibles:
        from concurrent.futures import ThreadPoolExecutor

        from . import convertir


        def etapa(formato: str, funcion, *args):
            try:
                return funcion(*args)
            except convertir.ErrorDeConversion as e:
                raise ErrorDeEtapa(formato, str(e)) from e

        avisar(" y ".join(convertibles))
        with ThreadPoolExecutor(max_workers=2) as hilos:
            # pandoc corre en su propio proceso: md → typst avanza mientras se dibujan las gráficas
            fuente_typst = hilos.submit(etapa, "pdf", convertir.markdown_a_typst, markdown, ctx) \
                if "pdf" in convertibles else None
            try:
                if dibujo is not None:
                    dibujo.result()
                    _figuras_a_la_cache(faltan, carpeta)
            except Exception as e:  # noqa: BLE001 - cualquier falla de matplotlib es de esta etapa
                raise ErrorDeEtapa("gráficas", f"no se pudieron dibujar las gráficas: {e}") from e
            pendientes = []
            if "docx" in convertibles:
                destino_docx = salida / f"informe-{pid}.docx"
                pendientes.append((destino_docx, hilos.submit(etapa, "docx", convertir.a_docx, markdown,
                                                              destino_docx, salida, ctx)))
            if fuente_typst is not None:
                destino_pdf = salida / f"informe-{pid}.pdf"
                pendientes.append((destino_pdf, hilos.submit(etapa, "pdf", convertir.typst_a_pdf,
                                                             fuente_typst.result(), destino_pdf, salida, ctx)))
            for destino, futuro in pendientes:
                futuro.result()
                resultado.escritos.append(destino)
    return resultado
