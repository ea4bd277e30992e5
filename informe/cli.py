"""La línea de comandos: solo interpreta opciones y llama al núcleo.

Aquí están las órdenes genéricas, las que sirven a cualquier familia (validar, resumen, compilar, diff,
importar); después, cada familia del registro agrega las suyas y sus opciones propias en las genéricas
(la parte `Ordenes` de cada una, por nombre: el núcleo no importa ninguna familia). Las piezas que
comparten las órdenes del núcleo y las de las familias están en `cli_comun`.

Las bibliotecas pesadas (pandoc, python-docx, matplotlib, typst) se importan dentro de los comandos que
las usan: `--help` y `validar` no pagan por ellas.
"""

from __future__ import annotations

from . import _es  # noqa: F401  (debe ir antes que typer: traduce sus textos)

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import escritores
from .cli_comun import (
    OrdenConPeriodo, FormatoValidacion, OpcionDatos, OpcionPeriodo, carpeta_de_datos_o_salir, consola, datos_explicitos,
    entidades_o_salir, existentes_o_salir, fallar, fallar_uso, familia_o_salir, formatos, fuera_de_datos,
    opcion_datos, opciones_de, periodo_o_salir, preparado_o_salir, salir_si_hay_errores,
)

# una línea: con `vista` la lista de órdenes ya ocupa casi toda la pantalla de 80×24
AYUDA = "Informes mensuales del INE al Consejo General. Cada orden: docs/ordenes.md."


def _version(valor: bool) -> None:
    if valor:
        from . import __version__

        typer.echo(f"informe {__version__}")
        raise typer.Exit()


def opciones_generales(
    version: Annotated[bool, typer.Option("--version", help="Muestra la versión y termina.", callback=_version,
                                         is_eager=True)] = False,
) -> None:
    """Informes mensuales del INE al Consejo General. Cada orden: docs/ordenes.md."""


OpcionFormato = Annotated[FormatoValidacion, typer.Option(
    "--formato", "-f", case_sensitive=False, metavar="FORMATO", help="texto (por omisión) o json.",
    show_default=False)]


def validar(
    ctx: typer.Context,
    rutas: Annotated[list[Path], typer.Argument(help="Archivos YAML o carpetas.", show_default=False,
                                                metavar="RUTA")],
    datos: OpcionDatos = Path("datos"),
    formato: OpcionFormato = FormatoValidacion.texto,
    estricto: Annotated[bool, typer.Option("--estricto", help="Las advertencias también cuentan.")] = False,
) -> None:
    """Revisa archivos de datos: cada problema con su línea.

    Sale con 0 sin errores, 1 con errores, 2 si la orden está mal escrita.
    """
    from .mostrar import escribir_json, problemas_texto, resumen_texto
    from .validar import validar as validar_rutas

    existentes_o_salir(rutas)
    if datos_explicitos(ctx):
        historia = datos if datos.is_dir() else None
    else:
        # sin --datos, la historia es la de la carpeta de datos a la que pertenece lo que se valida, nunca la
        # del directorio de trabajo: un archivo suelto se revisa solo (periodo-desconocido dice qué no se
        # revisó y cómo dar la carpeta)
        from .familias import carpeta_de

        historia = carpeta_de(rutas, None)
    resultado = validar_rutas(rutas, historia)
    if formato is FormatoValidacion.json:
        escribir_json(resultado.como_dict(), sys.stdout)
    else:
        salida = consola()
        problemas_texto(resultado.problemas, salida)
        salida.print(resumen_texto(len(resultado.archivos), resultado.errores, resultado.advertencias))
    if resultado.errores or (estricto and resultado.advertencias):
        raise typer.Exit(1)


def resumen(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    formato: OpcionFormato = FormatoValidacion.texto,
) -> None:
    """Muestra las cifras del informe de un periodo."""
    from .mostrar import escribir_json

    familia, preparado = preparado_o_salir(datos, periodo)
    if formato is FormatoValidacion.json:
        escribir_json(preparado.resumen.como_json(), sys.stdout)
    else:
        familia.mostrar_resumen(preparado.resumen, consola())


def _opcion_formato_salida():
    """--formato de compilar: los valores y la ayuda, del registro de escritores tal como está al armar la
    aplicación (`crear_app` la vuelve a calcular: un escritor registrado después también aparece)."""
    valores = formatos("FormatoSalida", *escritores.nombres())
    return Annotated[Optional[list[valores]], typer.Option(
        "--formato", "-f", case_sensitive=False, metavar="FORMATO", help=escritores.ayuda(), show_default=False)]


OpcionFormatoSalida = _opcion_formato_salida()


def compilar(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    salida: Annotated[Path, typer.Option("--salida", "-o", help="Carpeta de salida (salida).",
                                         show_default=False)] = Path("salida"),
    formato: OpcionFormatoSalida = None,
    plantillas: Annotated[Optional[Path], typer.Option("--plantillas", help="Carpeta con plantillas propias.")] = None,
    incluir_diff: Annotated[Optional[str], typer.Option(
        "--incluir-diff", metavar="PERIODO", help="Anexa los cambios desde PERIODO.", show_default=False)] = None,
    permitir_faltantes: Annotated[bool, typer.Option(
        "--permitir-faltantes", help="Compila aunque falten entregas.")] = False,
) -> None:
    """Compila el informe del periodo en Markdown, DOCX, PDF o HTML.

    No compila si los datos tienen errores ni mientras falte alguna entrega que el periodo espera (salvo con
    --permitir-faltantes).
    """
    from .compilar import FORMATOS

    _carpetas_de_compilar_o_salir(datos, salida, plantillas)
    formatos_pedidos = tuple(f.value for f in formato) if formato else FORMATOS
    resultado = _compilar_o_salir(datos, periodo, salida, formatos_pedidos, plantillas, incluir_diff,
                                  permitir_faltantes)
    salir_si_hay_errores(resultado.problemas, "compilar", datos)
    if resultado.faltantes:
        # la misma orden con --permitir-faltantes, entera, para pegarla tal cual si se decide compilar así
        from shlex import quote

        opciones = [f" --salida {quote(str(salida))}" if str(salida) != "salida" else "",
                    *(f" --formato {f.value}" for f in formato or []),
                    f" --plantillas {quote(str(plantillas))}" if plantillas else "",
                    f" --incluir-diff {incluir_diff}" if incluir_diff else ""]
        from .mostrar import visible

        orden = (f"informe compilar --periodo {resultado.periodo}{opcion_datos(datos)}{''.join(opciones)}"
                 " --permitir-faltantes")
        _avisar_faltantes(resultado.faltantes, resultado.periodo, datos, permitir_faltantes, visible(orden))
    _avisar_advertencias(resultado.problemas, datos, consola(error=True))
    _listar_escritos(resultado, salida)


def vista(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    plantillas: Annotated[Optional[Path], typer.Option("--plantillas", help="Carpeta con plantillas propias.")] = None,
    puerto: Annotated[int, typer.Option("--puerto", metavar="NÚMERO", help="Puerto en 127.0.0.1 (uno libre).",
                                        show_default=False)] = 0,
) -> None:
    """Sirve el informe en el navegador y lo actualiza al guardar.

    Sirve la página en 127.0.0.1 y la recompone cuando cambia un dato, un texto, proceso.yaml o una plantilla; los problemas de validar aparecen arriba de la página. Se detiene con Ctrl-C.
    """
    from .vista import servir

    carpeta_de_datos_o_salir(datos)
    if plantillas is not None and not plantillas.is_dir():
        fallar_uso(f"no existe la carpeta de plantillas {plantillas}")
    if not 0 <= puerto <= 65535:
        fallar_uso(f"--puerto va de 1 a 65535 (se dio {puerto})")
    pid = periodo_o_salir(datos, periodo)
    pantalla = consola()
    try:
        servir(datos, pid, plantillas, puerto, lambda linea: pantalla.print(linea, markup=False))
    except OSError as e:  # el puerto ocupado o sin permiso
        import errno

        from .errores import causa

        motivo = {errno.EADDRINUSE: "ya lo usa otro programa; sin --puerto se elige uno libre",
                  errno.EACCES: "los puertos menores de 1024 piden permisos de administrador"}.get(e.errno, causa(e))
        fallar_uso(f"no se puede abrir el puerto {puerto} en 127.0.0.1: {motivo}")


def _carpetas_de_compilar_o_salir(datos: Path, salida: Path, plantillas: Path | None) -> None:
    """Las carpetas de la orden existen (la de salida se crea) y la salida no cae dentro de los datos."""
    carpeta_de_datos_o_salir(datos)
    if plantillas is not None and not plantillas.is_dir():
        fallar_uso(f"no existe la carpeta de plantillas {plantillas}")
    if salida.exists() and not salida.is_dir():
        fallar_uso(f"--salida {salida} es un archivo, no una carpeta")
    fuera_de_datos(salida, datos)
    try:
        salida.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from .errores import causa

        fallar_uso(f"no se puede crear la carpeta de salida {salida}: {causa(e)}")


def _compilar_o_salir(datos: Path, periodo: str, salida: Path, formatos_pedidos: tuple[str, ...],
                      plantillas: Path | None, incluir_diff: str | None, permitir_faltantes: bool):
    """Compila con las etapas a la vista; un error de una etapa dice qué se alcanzó a escribir."""
    from .compilar import ErrorDeEtapa, ErrorDeUso, compilar as compilar_informe

    errores = consola(error=True)
    try:
        with _progreso(errores) as avisar:
            return compilar_informe(datos, periodo, salida, formatos_pedidos, plantillas, avisar, incluir_diff,
                                    permitir_faltantes)
    except ErrorDeUso as e:
        fallar_uso(str(e), e.orden)
    except ErrorDeEtapa as e:
        from rich.text import Text

        if e.orden:  # la orden va entera en su renglón, con la carpeta de datos si no es la de siempre
            from .mostrar import imprimir_orden

            imprimir_orden(errores, f"Error en la etapa {e.etapa}: {e}", f"{e.orden}{opcion_datos(datos)}", "bold red")
        else:
            errores.print(Text(f"Error en la etapa {e.etapa}: {e}", style="bold red"))
        if e.escritos:  # dice exactamente qué cambió: lo demás quedó como estaba
            errores.print(f"Antes del error se escribieron: {', '.join(str(p) for p in e.escritos)}; "
                          "los demás archivos de la carpeta de salida no se modificaron.", markup=False)
        else:
            errores.print("No se modificó ningún archivo de la carpeta de salida.")
        raise typer.Exit(1)
    except OSError as e:  # disco lleno, permisos: se dice qué archivo, sin traceback
        from .errores import mensaje_de_oserror

        fallar(mensaje_de_oserror(e, salida))


def _listar_escritos(resultado, salida: Path) -> None:
    from .almacen import nombre_visible
    from .lengua import plural

    pantalla = consola()
    # las notas antes que el informe: lo último que se lee es lo que se entrega
    if resultado.notas is not None:
        pantalla.print(f"Notas de captura (no forman parte del informe): {nombre_visible(Path(resultado.notas))}",
                       markup=False)
    for ruta in resultado.escritos:
        pantalla.print(f"Escrito: {nombre_visible(Path(ruta))}", markup=False)
    n = len(resultado.escritos)
    cierre = f"Listo: informe {resultado.periodo} en {nombre_visible(salida)}/, {n} {plural(n, 'archivo')}"
    if resultado.faltantes:
        cierre += f"; {len(resultado.faltantes)} {plural(len(resultado.faltantes), 'entrega')} sin recibir"
    pantalla.print(cierre + ".", markup=False)


def _avisar_advertencias(problemas, datos: Path, pantalla) -> None:
    """Cuántas advertencias hay y con qué orden leerlas: por carpeta de periodo, que es lo que se corrige."""
    from collections import Counter

    from .cargar import PATRON_PERIODO
    from .problemas import AVISAR_AL_COMPILAR

    for p in problemas:
        if p.codigo in AVISAR_AL_COMPILAR:
            pantalla.print(f"Aviso: {' '.join(p.mensaje.split())}", markup=False)
    por_carpeta = Counter(next((parte for parte in reversed(Path(p.archivo).parts[:-1]) if PATRON_PERIODO.match(parte)), "")
                          for p in problemas if p.severidad == "advertencia")
    if not por_carpeta:
        return
    detalle = ", ".join(f"{n} en {c or 'la carpeta de datos'}" for c, n in sorted(por_carpeta.items(), reverse=True))
    from shlex import quote

    rutas = " ".join(quote(str(datos / c) if c else str(datos)) for c in sorted(por_carpeta, reverse=True))
    from .mostrar import imprimir_orden

    imprimir_orden(pantalla, f"{sum(por_carpeta.values())} advertencias en los datos ({detalle}); no impiden "
                             "compilar. Para leerlas:", f"informe validar {rutas}")


def _avisar_faltantes(faltantes: list[tuple[str, str]], pid: str, datos: Path, permitidos: bool,
                      orden: str = "") -> None:
    """Lo que falta lo describe la familia (quiénes entregan y con qué orden se ve); el núcleo decide si se
    compila así."""
    detalle, consulta = familia_o_salir(datos).describir_faltantes(faltantes, pid, datos)
    if permitidos:
        consola(error=True).print(f"Aviso: {detalle} El informe omite lo que no se entregó.", markup=False)
        return
    from rich.text import Text

    from .mostrar import imprimir_orden

    pantalla = consola(error=True)
    pantalla.print(Text(f"Error: {detalle} No se compiló.", style="bold red"))
    if consulta:  # la orden, entera y en su renglón, para copiarla
        imprimir_orden(pantalla, "Quién falta y por qué:", consulta)
    if orden:
        imprimir_orden(pantalla, "Para compilar así, sin lo que falta:", orden)
    raise typer.Exit(1)


FormatoDiff = formatos("FormatoDiff", "texto", "md", "json", "csv")


def diff(
    ctx: typer.Context,
    desde: Annotated[str, typer.Option("--desde", metavar="PERIODO", help="Periodo de partida.", show_default=False)],
    hasta: Annotated[str, typer.Option("--hasta", metavar="PERIODO", help="Periodo de llegada.", show_default=False)],
    datos: OpcionDatos = Path("datos"),
    entidad: Annotated[Optional[list[str]], typer.Option("--entidad", "-e", help="Solo estas entidades (repetible).",
                                                         show_default=False)] = None,
    formato: Annotated[FormatoDiff, typer.Option("--formato", "-f", case_sensitive=False, metavar="FORMATO",
                                                 help="texto (por omisión), md, json o csv.", show_default=False)]
    = FormatoDiff.texto,
    datos_desde: Annotated[Optional[Path], typer.Option("--datos-desde", help="Otra copia de datos para --desde.")] = None,
) -> None:
    """Compara dos periodos: qué cambió de uno a otro.

    Sale con 1 si algo de --desde ya no está en los datos de --hasta (pérdida de datos).
    """
    entidades = entidades_o_salir(entidad)
    familia, resultado = _comparar_o_salir(ctx, datos, datos_desde or datos, desde, hasta, entidades)
    if formato is FormatoDiff.json:
        from .mostrar import escribir_json

        escribir_json(resultado, sys.stdout, compacto=True)
    else:
        from .errores import ErrorDeUso

        try:
            familia.mostrar_diff(resultado, formato.value, consola())
        except ErrorDeUso as e:  # un formato que la familia no escribe
            fallar_uso(str(e), e.orden)
    perdida = familia.perdida(resultado)
    if perdida:
        consola(error=True).print(f"Error: {perdida}", markup=False)
        raise typer.Exit(1)


def _comparar_o_salir(ctx: typer.Context, datos: Path, datos_desde: Path, desde: str, hasta: str,
                      entidades: list[str]):
    from .validar import validar_hasta

    for carpeta in {datos, datos_desde}:
        carpeta_de_datos_o_salir(carpeta)
    familia = familia_o_salir(datos)
    if familia_o_salir(datos_desde).nombre != familia.nombre:
        fallar_uso(f"{datos_desde} y {datos} son de familias distintas: no se comparan")
    opciones = opciones_de(ctx, familia.nombre)
    p1, p2 = periodo_o_salir(datos_desde, desde), periodo_o_salir(datos, hasta)
    if p1 >= p2:
        fallar_uso(f"--desde ({p1}) debe ser anterior a --hasta ({p2})")
    problemas, cargas = validar_hasta(datos, p2, familia)
    if datos_desde != datos:
        problemas_desde, cargas_desde = validar_hasta(datos_desde, p1, familia)
        problemas += problemas_desde
        cargas = {**cargas, **cargas_desde}
    salir_si_hay_errores(problemas, "comparar", datos)
    return familia, familia.comparar(datos, datos_desde, p1, p2, cargas, entidades=entidades, **opciones)


def importar(
    ctx: typer.Context,
    archivo: Annotated[Path, typer.Argument(help="Anexo o tabla publicada.", show_default=False,
                                            metavar="ARCHIVO")],
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    reemplazar: Annotated[bool, typer.Option("--reemplazar", help="Sustituye (guarda lo anterior).")] = False,
) -> None:
    """Importa un anexo publicado al periodo.

    Qué lee y dónde lo guarda depende de la familia de los datos (docs/ordenes.md). Nunca sobrescribe sin
    --reemplazar.
    """
    from .errores import CarpetaOcupada, ErrorDeLectura, ErrorDeUso

    _archivo_comun_o_salir(archivo)
    periodo = _periodo_nuevo_o_salir(periodo)
    familia = familia_o_salir(datos, debe_existir=False)  # importar crea la carpeta de datos si no existe
    _periodo_de_la_serie_o_salir(familia, datos, periodo)
    opciones = opciones_de(ctx, familia.nombre)
    try:
        resultado = familia.importar(archivo, datos, periodo, reemplazar, **opciones)
    except (CarpetaOcupada, ErrorDeLectura) as e:
        fallar(str(e))
    except ErrorDeUso as e:
        fallar_uso(str(e), e.orden)
    if familia.mostrar_importacion(resultado, f"Importación de {archivo.name} → {datos / periodo}", consola()):
        raise typer.Exit(1)


def _archivo_comun_o_salir(archivo: Path) -> None:
    """Ni se sigue un enlace ni se abre una FIFO (bloquearía) o un dispositivo."""
    import os

    from .archivos import tipo_especial

    try:
        especial = tipo_especial(os.lstat(archivo).st_mode)
    except OSError:
        fallar_uso(f"no existe el archivo {archivo}")
    if especial is not None:
        fallar_uso(f"{archivo} es {especial[1]}, no un archivo: indique el anexo mismo")


def _periodo_nuevo_o_salir(periodo: str) -> str:
    """El id AAAA-MM de un periodo que quizá aún no existe en los datos (importar lo crea)."""
    from .almacen import normalizar_periodo
    from .cargar import PATRON_PERIODO

    periodo = periodo if PATRON_PERIODO.match(periodo) else normalizar_periodo(periodo) or periodo
    if not PATRON_PERIODO.match(periodo):
        fallar_uso(f"el periodo se escribe 2024-07 o julio 2024 (se dio «{periodo}»)")
    return periodo


def _periodo_de_la_serie_o_salir(familia, datos: Path, periodo: str) -> None:
    """Un periodo que no existe se rechaza antes de escribir nada: `importar --periodo 2031-01` dejaba una
    carpeta sin periodo.yaml que detenía todas las órdenes. Existe el que tiene el archivo que define un
    periodo de la familia (periodo.yaml, corte.yaml). Una carpeta sin ningún periodo así se está armando
    con los anexos publicados (el primer periodo, o varios, antes de escribir sus periodo.yaml): ahí se
    importa a cualquier periodo."""
    from .almacen import ids_de_periodo

    def definido(pid: str) -> bool:
        carpeta = datos / pid
        return any(familia.tipo_de_archivo(r) == familia.tipo_periodo for r in carpeta.iterdir() if r.is_file())

    definidos = [p for p in ids_de_periodo(datos) if definido(p)] if familia.tipo_periodo else []
    if definidos and periodo not in definidos:
        hay = ", ".join(definidos) if len(definidos) <= 6 else f"de {definidos[0]} a {definidos[-1]}"
        fallar_uso(f"no existe el periodo {periodo} en {datos} (hay {len(definidos)}: {hay}). importar escribe "
                   f"en un periodo ya abierto, con su {familia.tipo_periodo}.yaml: ábralo primero (en seguridad, "
                   "informe periodo nuevo) o revise --periodo. No se escribió nada.")


def _progreso(pantalla):
    """Etapas con Rich en una terminal; líneas simples si la salida no es una terminal."""
    from contextlib import contextmanager

    @contextmanager
    def progreso():
        if pantalla.is_terminal:
            with pantalla.status("validar") as estado:
                yield lambda etapa: estado.update(f"Etapa: {etapa}…")
        else:
            yield lambda etapa: pantalla.print(f"etapa: {etapa}", markup=False)

    return progreso()


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

    from .familias import FamiliaInvalida

    @functools.wraps(orden)
    def envuelta(*args, **kwargs):
        try:
            return orden(*args, **kwargs)
        except OSError as e:
            from .errores import mensaje_de_oserror

            fallar(mensaje_de_oserror(e))
        except FamiliaInvalida as e:  # una familia mal declarada lo dice al registrarse, con su reemplazo
            fallar_uso(str(e))

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


GENERICAS = ((validar, None), (resumen, OrdenConPeriodo), (compilar, OrdenConPeriodo), (vista, OrdenConPeriodo),
             (diff, None), (importar, OrdenConPeriodo))


def crear_app() -> typer.Typer:
    """La aplicación: las órdenes genéricas y, después, las de cada familia del registro, en su orden."""
    from . import familias

    global OpcionFormatoSalida
    OpcionFormatoSalida = _opcion_formato_salida()
    app = typer.Typer(
        name="informe", help=AYUDA, no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[OPCIONES]",
        subcommand_metavar="ORDEN [ARGUMENTOS]...",
    )
    app.callback()(opciones_generales)
    for orden, clase in GENERICAS:
        app.command(options_metavar="[OPCIONES]", **({"cls": clase} if clase else {}))(orden)
    for nombre in familias.REGISTRO:
        try:
            familias.familia(nombre, valores=False).ordenes(app)
        except familias.FamiliaInvalida:  # sin sus órdenes: la orden que use sus datos dirá por qué (salida 2)
            continue
    _preparar_ordenes(app)
    return app


app = crear_app()


def main() -> None:  # punto de entrada del script `informe`
    import gc

    from .terminal import preparar

    preparar()  # una terminal que no es UTF-8 o un COLUMNS=0 no detienen ni silencian la orden

    # Una orden vive segundos y crea cientos de miles de objetos que no forman ciclos (estados de
    # acuerdos, movimientos, filas): con el umbral de fábrica (700) el recolector los recorre una y otra
    # vez; medido en `diff` con 24 periodos, construir y ordenar 200 mil movimientos pasa de 1.8 s a 0.1 s.
    gc.set_threshold(100_000, 50, 100)
    app()
