"""La línea de comandos: solo interpreta opciones y llama al núcleo.

Las bibliotecas pesadas (pandoc, python-docx, matplotlib, typst) se importan
dentro de los comandos que las usan: `--help` y `validar` no pagan por ellas.
"""

from __future__ import annotations

from . import _es  # noqa: F401  (debe ir antes que typer: traduce sus textos)

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="informe",
    help="Informes mensuales al Consejo General: seguridad y voto desde el extranjero. Detalles de cada orden: "
         "docs/ordenes.md.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPCIONES]",
    subcommand_metavar="ORDEN [ARGUMENTOS]...",
)

SALIDA_USO = 2


def _orden_con_periodo():
    """La clase de las órdenes que piden --periodo: «informe estado 2024-07» (el periodo sin la opción) dice
    cómo se escribe, en lugar de «falta la opción --periodo»."""
    from typer.core import TyperCommand

    try:
        from typer._click import exceptions
    except ImportError:  # typer sin click incrustado
        from click import exceptions

    from ._es import _PARECE_PERIODO

    class OrdenConPeriodo(TyperCommand):
        def parse_args(self, ctx, args):
            originales = list(args)  # el analizador de click consume la lista
            try:
                return super().parse_args(ctx, args)
            except exceptions.MissingParameter as e:
                sueltos = [a for a in originales if not a.startswith("-") and _PARECE_PERIODO.match(a)]
                if getattr(e.param, "name", None) == "periodo" and sueltos:
                    raise exceptions.UsageError(f"el periodo se indica con la opción --periodo: informe "
                                                f"{ctx.info_name} --periodo {sueltos[-1]}", ctx=ctx) from None
                raise

    return OrdenConPeriodo


ORDEN_CON_PERIODO = _orden_con_periodo()


class FormatoValidacion(str, Enum):
    texto = "texto"
    json = "json"


def _consola(error: bool = False):
    from .mostrar import consola

    return consola(error)


def _version(valor: bool) -> None:
    if valor:
        from . import __version__

        typer.echo(f"informe {__version__}")
        raise typer.Exit()


@app.callback()
def _opciones_generales(
    version: Annotated[bool, typer.Option("--version", help="Muestra la versión y termina.", callback=_version,
                                         is_eager=True)] = False,
) -> None:
    """Informes mensuales al Consejo General: seguridad y voto desde el extranjero. Detalles de cada orden:
    docs/ordenes.md."""


def _fallar(mensaje: str) -> None:
    """Un problema de los datos o del entorno (no de cómo se escribió la orden): código 1."""
    from rich.text import Text

    _consola(error=True).print(Text("Error: " + mensaje, style="bold red"))
    raise typer.Exit(1)


def _fallar_uso(mensaje: str) -> None:
    from rich.text import Text

    _consola(error=True).print(Text("Error: " + mensaje, style="bold red"))
    raise typer.Exit(SALIDA_USO)


def _fuera_de_datos(salida: Path, datos: Path, opcion: str = "--salida") -> None:
    """Lo que una orden escribe nunca va dentro de la carpeta de datos: ahí un informe, un JSON o una
    plantilla pisarían el archivo de una JLE (`acuerdos --salida datos/…/jle/colima.yaml`) o se leerían
    como datos en la próxima validación."""
    try:
        dentro = salida.resolve().is_relative_to(datos.resolve())
    except (OSError, RuntimeError):
        dentro = False
    if dentro and datos.is_dir():
        _fallar_uso(f"{opcion} {salida} está dentro de la carpeta de datos {datos}: ahí solo van los datos. "
                    "Escriba la salida en otra carpeta (por ejemplo salida/).")


OpcionDatos = Annotated[Path, typer.Option("--datos", "-d", help="Carpeta de datos (datos).",
                                           show_default=False)]


@app.command(options_metavar="[OPCIONES]")
def validar(
    rutas: Annotated[list[Path], typer.Argument(help="Archivos YAML o carpetas.", show_default=False,
                                                metavar="RUTA")],
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", case_sensitive=False, metavar="FORMATO",
                                                       help="texto (por omisión) o json.", show_default=False)]
    = FormatoValidacion.texto,
    estricto: Annotated[bool, typer.Option("--estricto", help="Las advertencias también cuentan.")] = False,
) -> None:
    """Revisa archivos de las JLE: cada problema con su línea.

    Sale con 0 sin errores, 1 con errores, 2 si la orden está mal escrita.
    """
    from .mostrar import escribir_json, problemas_texto, resumen_texto
    from .validar import validar as validar_rutas

    faltantes = [str(r) for r in rutas if not r.exists() and not r.is_symlink()]  # un enlace roto se reporta
    if faltantes:
        _fallar_uso(f"no existe: {', '.join(faltantes)}")
    resultado = validar_rutas(rutas, datos if datos.is_dir() else None)
    if formato is FormatoValidacion.json:
        escribir_json(resultado.como_dict(), sys.stdout)
    else:
        consola = _consola()
        problemas_texto(resultado.problemas, consola)
        consola.print(resumen_texto(len(resultado.archivos), resultado.errores, resultado.advertencias))
    if resultado.errores or (estricto and resultado.advertencias):
        raise typer.Exit(1)


@app.command(options_metavar="[OPCIONES]")
def esquema() -> None:
    """Imprime el JSON Schema del archivo de una JLE (para el editor)."""
    from .mostrar import escribir_json
    from .seguridad.esquema import esquema_jle

    escribir_json(esquema_jle(), sys.stdout)


class FormatoSalida(str, Enum):
    md = "md"
    docx = "docx"
    pdf = "pdf"


OpcionPeriodo = Annotated[str, typer.Option("--periodo", "-p", help="AAAA-MM, «mayo 2024» o número.",
                                            show_default=False)]


def _salir_si_hay_errores(problemas, accion: str) -> None:
    """Los datos con errores no se usan: se listan como en `informe validar` y se sale con 1."""
    from .mostrar import problemas_texto

    errores = [p for p in problemas if p.severidad == "error"]
    if errores:
        consola = _consola(error=True)
        problemas_texto(errores, consola)
        from .lengua import plural

        consola.print(f"Los datos tienen {len(errores)} {plural(len(errores), 'error', 'errores')}: "
                      f"corríjalos antes de {accion} (vea `informe validar`).", markup=False)
        raise typer.Exit(1)


def _periodo_o_salir(datos: Path, periodo: str) -> str:
    """El id AAAA-MM del periodo (acepta el número del informe); si no existe, error de uso (salida 2)."""
    from .errores import ErrorDeUso
    from .familias import de_carpeta

    try:
        return de_carpeta(datos).resolver_periodo(datos, periodo)
    except ErrorDeUso as e:
        _fallar_uso(str(e))


def _familia_o_salir(datos: Path, esperada: str | None = None, debe_existir: bool = True):
    """La familia de la carpeta de datos; con `esperada`, una orden que solo tiene sentido para esa familia.
    Una carpeta que no existe se nombra como tal (no «no hay periodos»), salvo para quien la crea (importar)."""
    from .errores import ErrorDeUso
    from .familias import de_carpeta

    if debe_existir and not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    try:
        familia = de_carpeta(datos)
    except ErrorDeUso as e:
        _fallar_uso(f"{datos / 'proceso.yaml'}: {e}")
    if esperada is not None and familia.nombre != esperada:
        _fallar_uso(f"esta orden es de la familia «{esperada}» y {datos} es de la familia «{familia.nombre}» "
                    f"({familia.descripcion})")
    return familia


def _preparado_o_salir(datos: Path, periodo: str):
    """Valida hasta el periodo y lo agrega con las reglas de su familia; errores de datos: salida 1."""
    from .errores import ErrorDeUso
    from .validar import validar_hasta

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    familia = _familia_o_salir(datos)
    pid = _periodo_o_salir(datos, periodo)
    try:
        problemas, cargas = validar_hasta(datos, pid, familia)
        _salir_si_hay_errores(problemas, "continuar")
        return familia, familia.preparar(datos, pid, cargas)
    except ErrorDeUso as e:
        _fallar_uso(str(e))


@app.command(options_metavar="[OPCIONES]", cls=ORDEN_CON_PERIODO)
def resumen(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", case_sensitive=False, metavar="FORMATO",
                                                       help="texto (por omisión) o json.", show_default=False)]
    = FormatoValidacion.texto,
) -> None:
    """Muestra las cifras del informe de un periodo."""
    from .mostrar import escribir_json

    familia, preparado = _preparado_o_salir(datos, periodo)
    if formato is FormatoValidacion.json:
        escribir_json(preparado.resumen.como_json(), sys.stdout)
    else:
        familia.mostrar_resumen(preparado.resumen, _consola())


@app.command(options_metavar="[OPCIONES]", cls=ORDEN_CON_PERIODO)
def compilar(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    salida: Annotated[Path, typer.Option("--salida", "-o", help="Carpeta de salida (salida).",
                                         show_default=False)] = Path("salida"),
    formato: Annotated[Optional[list[FormatoSalida]], typer.Option(
        "--formato", "-f", case_sensitive=False, metavar="FORMATO", help="md, docx o pdf (repetible).",
        show_default=False)] = None,
    plantillas: Annotated[Optional[Path], typer.Option("--plantillas", help="Carpeta con plantillas propias.")] = None,
    incluir_diff: Annotated[Optional[str], typer.Option(
        "--incluir-diff", metavar="PERIODO", help="Anexa los cambios desde PERIODO.", show_default=False)] = None,
    permitir_faltantes: Annotated[bool, typer.Option(
        "--permitir-faltantes", help="Compila aunque falten entregas.")] = False,
) -> None:
    """Compila el informe del periodo en Markdown, DOCX y PDF.

    No compila si los datos tienen errores ni mientras falte alguna JLE o la parte federal de la DEOE (salvo
    con --permitir-faltantes).
    """
    from .compilar import FORMATOS, ErrorDeEtapa, ErrorDeUso, compilar as compilar_informe

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    if plantillas is not None and not plantillas.is_dir():
        _fallar_uso(f"no existe la carpeta de plantillas {plantillas}")
    if salida.exists() and not salida.is_dir():
        _fallar_uso(f"--salida {salida} es un archivo, no una carpeta")
    _fuera_de_datos(salida, datos)
    try:
        salida.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from .errores import causa

        _fallar_uso(f"no se puede crear la carpeta de salida {salida}: {causa(e)}")
    formatos = tuple(f.value for f in formato) if formato else FORMATOS
    consola = _consola(error=True)
    try:
        with _progreso(consola) as avisar:
            resultado = compilar_informe(datos, periodo, salida, formatos, plantillas, avisar, incluir_diff,
                                         permitir_faltantes)
    except ErrorDeUso as e:
        _fallar_uso(str(e))
    except ErrorDeEtapa as e:
        from rich.text import Text

        consola.print(Text(f"Error en la etapa {e.etapa}: {e}", style="bold red"))
        if e.escritos:  # dice exactamente qué cambió: lo demás quedó como estaba
            consola.print(f"Antes del error se escribieron: {', '.join(str(p) for p in e.escritos)}; "
                          "los demás archivos de la carpeta de salida no se modificaron.", markup=False)
        else:
            consola.print("No se modificó ningún archivo de la carpeta de salida.")
        raise typer.Exit(1)
    except OSError as e:  # disco lleno, permisos: se dice qué archivo, sin traceback
        from .errores import mensaje_de_oserror

        _fallar(mensaje_de_oserror(e, salida))
    _salir_si_hay_errores(resultado.problemas, "compilar")
    if resultado.faltantes:
        _avisar_faltantes(resultado.faltantes, resultado.periodo, datos, permitir_faltantes)
    _avisar_advertencias(resultado.problemas, datos, consola)
    from .almacen import nombre_visible
    from .lengua import plural

    consola = _consola()
    # las notas antes que el informe: lo último que se lee es lo que se entrega
    if resultado.notas is not None:
        consola.print(f"Notas de captura (no forman parte del informe): {nombre_visible(Path(resultado.notas))}",
                      markup=False)
    for ruta in resultado.escritos:
        consola.print(f"Escrito: {nombre_visible(Path(ruta))}", markup=False)
    n = len(resultado.escritos)
    resumen = f"Listo: informe {resultado.periodo} en {nombre_visible(salida)}/, {n} {plural(n, 'archivo')}"
    if resultado.faltantes:
        resumen += f"; {len(resultado.faltantes)} {plural(len(resultado.faltantes), 'entrega')} sin recibir"
    consola.print(resumen + ".", markup=False)


def _avisar_advertencias(problemas, datos: Path, consola) -> None:
    """Cuántas advertencias hay y con qué orden leerlas: por carpeta de periodo, que es lo que se corrige."""
    from collections import Counter

    from .cargar import PATRON_PERIODO

    por_carpeta = Counter(next((parte for parte in reversed(Path(p.archivo).parts[:-1]) if PATRON_PERIODO.match(parte)), "")
                          for p in problemas if p.severidad == "advertencia")
    if not por_carpeta:
        return
    detalle = ", ".join(f"{n} en {c or 'la carpeta de datos'}" for c, n in sorted(por_carpeta.items(), reverse=True))
    rutas = " ".join(str(datos / c) if c else str(datos) for c in sorted(por_carpeta, reverse=True))
    consola.print(f"{sum(por_carpeta.values())} advertencias en los datos ({detalle}); no impiden compilar. "
                  f"Para leerlas: informe validar {rutas}", markup=False)


def _avisar_faltantes(faltantes: list[tuple[str, str]], pid: str, datos: Path, permitidos: bool) -> None:
    from .seguridad.informe import FEDERAL

    consola = _consola(error=True)
    from .mostrar import entero

    federal = [e for n, e in faltantes if n == FEDERAL]
    faltantes = [(n, e) for n, e in faltantes if n != FEDERAL]
    sin_envio = [entero(n) for n, e in faltantes if e == "falta"]
    rechazadas = [entero(n) for n, e in faltantes if e == "rechazado"]
    partes = ([f"sin entrega: {', '.join(sin_envio)}"] if sin_envio else []) + \
             ([f"con el envío rechazado: {', '.join(rechazadas)}"] if rechazadas else [])
    detalles = [f"{len(faltantes)} de las 32 JLE no tienen informe en {pid} ({'; '.join(partes)})."] if faltantes else []
    if federal:
        detalles.append(f"Falta la parte federal de la DEOE ({datos / pid / 'federal.yaml'}"
                        + (": sigue con «pendiente: true»)." if federal[0] == "pendiente" else ": no existe)."))
    detalle = " ".join(detalles)
    if permitidos:
        consola.print(f"Aviso: {detalle} El informe omite lo que no se entregó.", markup=False)
        return
    _fallar(f"{detalle} No se compiló. Vea `informe estado --periodo {pid} --datos {datos}`; para compilar "
            "así, sin lo que falta, agregue --permitir-faltantes.")


class FormatoDiff(str, Enum):
    texto = "texto"
    md = "md"
    json = "json"
    csv = "csv"


@app.command(options_metavar="[OPCIONES]")
def diff(
    desde: Annotated[str, typer.Option("--desde", metavar="PERIODO", help="Periodo de partida.", show_default=False)],
    hasta: Annotated[str, typer.Option("--hasta", metavar="PERIODO", help="Periodo de llegada.", show_default=False)],
    datos: OpcionDatos = Path("datos"),
    entidad: Annotated[Optional[list[str]], typer.Option("--entidad", "-e", help="Solo estas entidades (repetible).",
                                                         show_default=False)] = None,
    formato: Annotated[FormatoDiff, typer.Option("--formato", "-f", case_sensitive=False, metavar="FORMATO",
                                                 help="texto (por omisión), md, json o csv.", show_default=False)]
    = FormatoDiff.texto,
    sin_avance: Annotated[int, typer.Option("--sin-avance", metavar="N", help="«Sin avance»: N informes igual (3).",
                                            show_default=False)] = 3,
    datos_desde: Annotated[Optional[Path], typer.Option("--datos-desde", help="Otra copia de datos para --desde.")] = None,
    todos: Annotated[bool, typer.Option("--todos", help="json y csv: también lo que sigue igual.")] = False,
) -> None:
    """Compara dos periodos (estatus de acuerdos o cifras VMRE).

    Sale con 1 si algo de --desde ya no está en los datos de --hasta (pérdida de datos).
    """
    if sin_avance < 1:
        _fallar_uso(f"--sin-avance debe ser 1 o más (se dio {sin_avance})")
    entidades = _entidades_o_salir(entidad)
    familia, resultado = _comparar_o_salir(datos, datos_desde or datos, desde, hasta, entidades, sin_avance, todos)
    if formato is FormatoDiff.json:
        from .mostrar import escribir_json

        escribir_json(resultado, sys.stdout, compacto=True)
    else:
        from .errores import ErrorDeUso

        try:
            familia.mostrar_diff(resultado, formato.value, _consola())
        except ErrorDeUso as e:  # un formato que la familia no escribe
            _fallar_uso(str(e))
    perdida = familia.perdida(resultado)
    if perdida:
        _consola(error=True).print(f"Error: {perdida}", markup=False)
        raise typer.Exit(1)


def _entidades_o_salir(nombres: list[str] | None) -> list[str]:
    """Abreviaturas de las entidades que nombra el usuario (--entidad, repetible); una desconocida es error de uso."""
    return [_entidad_o_salir(e) for e in nombres or []]


def _entidad_o_salir(texto: str) -> str:
    """La abreviatura de la entidad que nombra el usuario. «México» a secas se pregunta: en los archivos
    es el nombre oficial del Estado de México, pero quien escribe una orden puede querer la capital."""
    from .entidades import buscar, parecida as entidad_parecida
    from .lengua import normalizar

    if normalizar(texto) in ("mexico", "mex"):
        _fallar_uso(f"«{texto}» puede ser Ciudad de México o Estado de México: ¿cuál de las dos? Escriba "
                    "--entidad CDMX o --entidad Edomex.")
    encontrada = buscar(texto)
    if encontrada is None:
        parecida = entidad_parecida(texto)
        _fallar_uso(f"entidad desconocida: {texto}" + (f" (¿quiso decir {parecida}?)" if parecida else ""))
    return encontrada.abreviatura


def _comparar_o_salir(datos: Path, datos_desde: Path, desde: str, hasta: str, entidades: list[str], sin_avance: int,
                      todos: bool):
    from .validar import validar_hasta

    for carpeta in {datos, datos_desde}:
        if not carpeta.is_dir():
            _fallar_uso(f"no existe la carpeta de datos {carpeta}")
    familia = _familia_o_salir(datos)
    if _familia_o_salir(datos_desde).nombre != familia.nombre:
        _fallar_uso(f"{datos_desde} y {datos} son de familias distintas: no se comparan")
    p1, p2 = _periodo_o_salir(datos_desde, desde), _periodo_o_salir(datos, hasta)
    if p1 >= p2:
        _fallar_uso(f"--desde ({p1}) debe ser anterior a --hasta ({p2})")
    problemas, cargas = validar_hasta(datos, p2, familia)
    if datos_desde != datos:
        problemas_desde, cargas_desde = validar_hasta(datos_desde, p1, familia)
        problemas += problemas_desde
        cargas = {**cargas, **cargas_desde}
    _salir_si_hay_errores(problemas, "comparar")
    return familia, familia.comparar(datos, datos_desde, p1, p2, cargas, entidades=entidades, sin_avance=sin_avance,
                                     todos=todos)


def _progreso(consola):
    """Etapas con Rich en una terminal; líneas simples si la salida no es una terminal."""
    from contextlib import contextmanager

    @contextmanager
    def progreso():
        if consola.is_terminal:
            with consola.status("validar") as estado:
                yield lambda etapa: estado.update(f"Etapa: {etapa}…")
        else:
            yield lambda etapa: consola.print(f"etapa: {etapa}", markup=False)

    return progreso()


from . import cli_ciclo  # noqa: E402,F401  (registra las órdenes del ciclo con las JLE, después de las de arriba)



def _parrafos(doc: str) -> str:
    """Un docstring con cada párrafo en una línea (las que empiezan con «-» siguen aparte): typer < 0.29
    conserva los saltos de línea del código y la ayuda sale cortada a media frase a 80 columnas."""
    import inspect

    salida = []
    for parrafo in inspect.cleandoc(doc).split("\n\n"):
        lineas: list[str] = []
        for linea in parrafo.splitlines():
            if lineas and not linea.lstrip().startswith("- "):
                lineas[-1] += " " + linea.strip()
            else:
                lineas.append(linea.strip())
        salida.append("\n".join(lineas))
    return "\n\n".join(salida)


def _sin_traceback(orden):
    """Un OSError que ninguna orden previó (carpeta de datos de solo lectura, disco lleno, un archivo donde
    va una carpeta) es un mensaje con el archivo y la causa en español, y salida 1; nunca un traceback."""
    import functools

    @functools.wraps(orden)
    def envuelta(*args, **kwargs):
        try:
            return orden(*args, **kwargs)
        except OSError as e:
            from .errores import mensaje_de_oserror

            _fallar(mensaje_de_oserror(e))

    return envuelta


def _preparar_ordenes(typer_app) -> None:
    for _orden in typer_app.registered_commands:
        if _orden.callback is not None and _orden.callback.__doc__ and _orden.help is None:
            _orden.help = _parrafos(_orden.callback.__doc__)
            _orden.short_help = _orden.short_help or _orden.help.split("\n\n")[0]
        if _orden.callback is not None and not hasattr(_orden.callback, "__wrapped__"):
            _orden.callback = _sin_traceback(_orden.callback)
    for grupo in typer_app.registered_groups:
        _preparar_ordenes(grupo.typer_instance)


_preparar_ordenes(app)


def main() -> None:  # punto de entrada del script `informe`
    import gc

    # Una orden vive segundos y crea cientos de miles de objetos que no forman ciclos (estados de
    # acuerdos, movimientos, filas): con el umbral de fábrica (700) el recolector los recorre una y otra
    # vez; medido en `diff` con 24 periodos, construir y ordenar 200 mil movimientos pasa de 1.8 s a 0.1 s.
    gc.set_threshold(100_000, 50, 100)
    app()
