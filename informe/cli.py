"""La línea de comandos: solo interpreta opciones y llama al núcleo.

Las bibliotecas pesadas (pandoc, python-docx, matplotlib, typst) se importan
dentro de los comandos que las usan: `--help` y `validar` no pagan por ellas.
"""

from __future__ import annotations

import re

from . import _es  # noqa: F401  (debe ir antes que typer: traduce sus textos)

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="informe",
    help="Compila los informes mensuales de coordinación en materia de seguridad del INE "
         "a partir de lo que envía cada Junta Local Ejecutiva (JLE).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPCIONES]",
    subcommand_metavar="ORDEN [ARGUMENTOS]...",
)

SALIDA_USO = 2


class FormatoValidacion(str, Enum):
    texto = "texto"
    json = "json"


def _consola(error: bool = False):
    from rich.console import Console

    return Console(stderr=error, highlight=False, soft_wrap=True)


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
    """Compila los informes mensuales de coordinación en materia de seguridad del INE a partir de lo que
    envía cada Junta Local Ejecutiva (JLE)."""


def _fallar(mensaje: str) -> None:
    """Un problema de los datos o del entorno (no de cómo se escribió la orden): código 1."""
    from rich.text import Text

    _consola(error=True).print(Text("Error: " + mensaje, style="bold red"))
    raise typer.Exit(1)


def _fallar_uso(mensaje: str) -> None:
    from rich.text import Text

    _consola(error=True).print(Text("Error: " + mensaje, style="bold red"))
    raise typer.Exit(SALIDA_USO)


OpcionDatos = Annotated[Path, typer.Option("--datos", "-d", help="Carpeta de datos con la historia de periodos.",
                                           show_default=True)]


@app.command(options_metavar="[OPCIONES]")
def validar(
    rutas: Annotated[list[Path], typer.Argument(help="Archivos YAML o carpetas (se revisan sus *.yaml y *.yml).",
                                                show_default=False, metavar="RUTA")],
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", help="texto para leer; json para scripts.")]
    = FormatoValidacion.texto,
    estricto: Annotated[bool, typer.Option("--estricto", help="Las advertencias también cuentan como errores.")] = False,
) -> None:
    """Revisa los archivos de las JLE y reporta cada problema con archivo, línea, código y sugerencia.

    Código de salida: 0 sin errores, 1 con errores, 2 error de uso.
    """
    from .mostrar import escribir_json, problemas_texto, resumen_texto
    from .validar import validar as validar_rutas

    faltantes = [str(r) for r in rutas if not r.exists()]
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
    """Imprime el JSON Schema del archivo de una JLE (para el editor con el servidor de lenguaje YAML)."""
    from .esquema import esquema_jle
    from .mostrar import escribir_json

    escribir_json(esquema_jle(), sys.stdout)


class FormatoSalida(str, Enum):
    md = "md"
    docx = "docx"
    pdf = "pdf"


OpcionPeriodo = Annotated[str, typer.Option("--periodo", "-p", help="Periodo AAAA-MM (2024-05) o número del informe (6).",
                                            show_default=False)]


def _salir_si_hay_errores(problemas, accion: str) -> None:
    """Los datos con errores no se usan: se listan como en `informe validar` y se sale con 1."""
    from .mostrar import problemas_texto

    errores = [p for p in problemas if p.severidad == "error"]
    if errores:
        consola = _consola(error=True)
        problemas_texto(errores, consola)
        consola.print(f"Los datos tienen {len(errores)} errores: corríjalos antes de {accion} (vea `informe validar`).",
                      markup=False)
        raise typer.Exit(1)


def _periodo_o_salir(datos: Path, periodo: str) -> str:
    """El id AAAA-MM del periodo (acepta el número del informe); si no existe, error de uso (salida 2)."""
    from .almacen import resolver_periodo
    from .errores import ErrorDeUso

    try:
        return resolver_periodo(datos, periodo)
    except ErrorDeUso as e:
        _fallar_uso(str(e))


def _resumen_o_salir(datos: Path, periodo: str):
    from .compilar import cargar_resumen
    from .errores import ErrorDeUso
    from .validar import validar_hasta

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    pid = _periodo_o_salir(datos, periodo)
    try:
        problemas, cargas = validar_hasta(datos, pid)
        _salir_si_hay_errores(problemas, "continuar")
        return cargar_resumen(datos, pid, cargas)
    except ErrorDeUso as e:
        _fallar_uso(str(e))


@app.command(options_metavar="[OPCIONES]")
def resumen(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", help="texto para leer; json para scripts.")]
    = FormatoValidacion.texto,
) -> None:
    """Muestra las cifras del informe de un periodo: reuniones, temas, acuerdos por estatus, medidas y solicitudes."""
    from .mostrar import escribir_json, resumen_rich

    _, r = _resumen_o_salir(datos, periodo)
    if formato is FormatoValidacion.json:
        escribir_json(r.como_json(), sys.stdout)
    else:
        resumen_rich(r, _consola())


@app.command(options_metavar="[OPCIONES]")
def compilar(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    salida: Annotated[Path, typer.Option("--salida", "-o", help="Carpeta donde se escriben los informes.")] = Path("salida"),
    formato: Annotated[Optional[list[FormatoSalida]], typer.Option(
        "--formato", "-f", help="md, docx o pdf; repetible. Sin esta opción: los tres.", show_default=False)] = None,
    plantillas: Annotated[Optional[Path], typer.Option(
        "--plantillas", help="Carpeta con plantillas propias; cada archivo sustituye al del mismo nombre.")] = None,
    incluir_diff: Annotated[Optional[str], typer.Option(
        "--incluir-diff", help="Agrega como anexo los cambios de estatus desde este periodo (como `informe diff --formato md`).",
        show_default=False)] = None,
    permitir_faltantes: Annotated[bool, typer.Option(
        "--permitir-faltantes", help="Compila aunque falten JLE por entregar o tengan su envío rechazado; el informe "
                                     "las nombra.")] = False,
) -> None:
    """Valida los datos y compila el informe del periodo en Markdown, DOCX y PDF.

    Si los datos tienen errores no compila: los lista como `informe validar` y sale con 1. Tampoco compila
    mientras falte la entrega de alguna JLE (salvo con --permitir-faltantes).
    """
    from .compilar import FORMATOS, ErrorDeEtapa, ErrorDeUso, compilar as compilar_informe

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    if plantillas is not None and not plantillas.is_dir():
        _fallar_uso(f"no existe la carpeta de plantillas {plantillas}")
    if salida.exists() and not salida.is_dir():
        _fallar_uso(f"--salida {salida} es un archivo, no una carpeta")
    try:
        salida.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        _fallar_uso(f"no se puede crear la carpeta de salida {salida}: {e.strerror}")
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
        _fallar(f"no se pudo escribir {e.filename or salida}: {e.strerror or e}")
    _salir_si_hay_errores(resultado.problemas, "compilar")
    if resultado.faltantes:
        _avisar_faltantes(resultado.faltantes, resultado.periodo, datos, permitir_faltantes)
    _avisar_advertencias(resultado.problemas, datos, consola)
    for ruta in resultado.escritos:
        _consola().print(f"Escrito: {ruta}", markup=False)
    if resultado.notas is not None:
        _consola().print(f"Notas de captura (no forman parte del informe): {resultado.notas}", markup=False)


def _avisar_advertencias(problemas, datos: Path, consola) -> None:
    """Cuántas advertencias hay y con qué orden leerlas: por carpeta de periodo, que es lo que se corrige."""
    from collections import Counter

    from .modelo import PATRON_PERIODO

    por_carpeta = Counter(next((parte for parte in reversed(Path(p.archivo).parts[:-1]) if PATRON_PERIODO.match(parte)), "")
                          for p in problemas if p.severidad == "advertencia")
    if not por_carpeta:
        return
    detalle = ", ".join(f"{n} en {c or 'la carpeta de datos'}" for c, n in sorted(por_carpeta.items(), reverse=True))
    rutas = " ".join(str(datos / c) if c else str(datos) for c in sorted(por_carpeta, reverse=True))
    consola.print(f"{sum(por_carpeta.values())} advertencias en los datos ({detalle}); no impiden compilar. "
                  f"Para leerlas: informe validar {rutas}", markup=False)


def _avisar_faltantes(faltantes: list[tuple[str, str]], pid: str, datos: Path, permitidos: bool) -> None:
    consola = _consola(error=True)
    sin_envio = [n for n, e in faltantes if e == "falta"]
    rechazadas = [n for n, e in faltantes if e == "rechazado"]
    partes = ([f"sin entrega: {', '.join(sin_envio)}"] if sin_envio else []) + \
             ([f"con el envío rechazado: {', '.join(rechazadas)}"] if rechazadas else [])
    detalle = f"{len(faltantes)} de las 32 JLE no tienen informe en {pid} ({'; '.join(partes)})."
    if permitidos:
        consola.print(f"Aviso: {detalle} El informe las nombra como entidades sin información.", markup=False)
        return
    _fallar(f"{detalle} No se compiló. Vea `informe estado --periodo {pid} --datos {datos}`; para compilar "
            "así, con las entidades faltantes nombradas en el informe, agregue --permitir-faltantes.")


class FormatoDiff(str, Enum):
    texto = "texto"
    md = "md"
    json = "json"
    csv = "csv"


@app.command(options_metavar="[OPCIONES]")
def diff(
    desde: Annotated[str, typer.Option("--desde", help="Periodo de partida (AAAA-MM o número del informe).", show_default=False)],
    hasta: Annotated[str, typer.Option("--hasta", help="Periodo de llegada, posterior a --desde.", show_default=False)],
    datos: OpcionDatos = Path("datos"),
    entidad: Annotated[Optional[list[str]], typer.Option("--entidad", "-e", help="Solo estas entidades (repetible).")] = None,
    formato: Annotated[FormatoDiff, typer.Option("--formato", "-f", help="texto, md, json o csv.")] = FormatoDiff.texto,
    sin_avance: Annotated[int, typer.Option("--sin-avance", min=1, help="Informes sin cambio de estatus para listar un acuerdo como «sin avance».")] = 3,
    datos_desde: Annotated[Optional[Path], typer.Option("--datos-desde", help="Otra copia de los datos para el corte de --desde (por ejemplo, la usada al compilar ese informe).")] = None,
) -> None:
    """Compara el estatus de cada acuerdo al corte de dos periodos: matriz de transición y listas.

    Sale con 1 si un acuerdo que existía en --desde ya no está en los datos de --hasta (pérdida de datos).
    """
    from .diferencias import csv_texto

    entidades = _entidades_o_salir(entidad)
    resultado = _comparar_o_salir(datos, datos_desde or datos, desde, hasta, entidades, sin_avance)
    if formato is FormatoDiff.json:
        from .mostrar import escribir_json

        escribir_json(resultado, sys.stdout, compacto=True)
    elif formato is FormatoDiff.csv:
        sys.stdout.write(csv_texto(resultado))
    elif formato is FormatoDiff.md:
        from .diferencias import markdown

        sys.stdout.write(markdown(resultado))
    else:
        from .mostrar import diff_rich

        diff_rich(resultado, _consola())
    if resultado["desaparecidos"]:
        _consola(error=True).print(f"Error: {len(resultado['desaparecidos'])} acuerdos de {resultado['desde']} "
                                   f"ya no están en los datos de {resultado['hasta']} (pérdida de datos).", markup=False)
        raise typer.Exit(1)


def _entidades_o_salir(nombres: list[str] | None) -> list[str]:
    """Abreviaturas de las entidades que nombra el usuario (--entidad, repetible); una desconocida es error de uso."""
    from . import catalogos as cat

    entidades = []
    for e in nombres or []:
        encontrada = cat.buscar_entidad(e)
        if encontrada is None:
            parecida = cat.parecido(e, [x.corto for x in cat.ENTIDADES])
            _fallar_uso(f"entidad desconocida: {e}" + (f" (¿quiso decir {parecida}?)" if parecida else ""))
        entidades.append(encontrada.abreviatura)
    return entidades


def _comparar_o_salir(datos: Path, datos_desde: Path, desde: str, hasta: str, entidades: list[str], sin_avance: int) -> dict:
    from .almacen import cargar_datos
    from .validar import validar_hasta
    from .diferencias import comparar

    for carpeta in {datos, datos_desde}:
        if not carpeta.is_dir():
            _fallar_uso(f"no existe la carpeta de datos {carpeta}")
    p1, p2 = _periodo_o_salir(datos_desde, desde), _periodo_o_salir(datos, hasta)
    if p1 >= p2:
        _fallar_uso(f"--desde ({p1}) debe ser anterior a --hasta ({p2})")
    problemas, cargas = validar_hasta(datos, p2)
    if datos_desde != datos:
        problemas_desde, cargas_desde = validar_hasta(datos_desde, p1)
        problemas += problemas_desde
        cargas = {**cargas, **cargas_desde}
    _salir_si_hay_errores(problemas, "comparar")
    posteriores = cargar_datos(datos, hasta=p2, cargas_previas=cargas).periodos
    anteriores = posteriores if datos_desde == datos else cargar_datos(datos_desde, hasta=p1, cargas_previas=cargas).periodos
    return comparar(anteriores, posteriores, p1, p2, entidades, sin_avance)


@app.command(options_metavar="[OPCIONES]")
def plantilla(
    periodo: OpcionPeriodo,
    entidad: Annotated[Optional[str], typer.Option("--entidad", "-e", help="Entidad de la JLE.", show_default=False)] = None,
    todas: Annotated[bool, typer.Option("--todas", help="Una plantilla para cada una de las 32 JLE.")] = False,
    datos: OpcionDatos = Path("datos"),
    salida: Annotated[Path, typer.Option("--salida", "-o", help="Carpeta donde se escriben las plantillas.")] = Path("salida/plantillas"),
) -> None:
    """Escribe el archivo YAML que llena una JLE, con el seguimiento de sus acuerdos abiertos ya cargado."""
    from . import catalogos as cat
    from .almacen import periodo_de
    from .formulario import escribir_plantillas

    if todas == (entidad is not None):
        _fallar_uso("indique --entidad X o --todas (una de las dos)")
    pid = _periodo_o_salir(datos, periodo)
    registro = periodo_de(datos, pid)
    if registro is None:
        _fallar_uso(f"el periodo {pid} no tiene un periodo.yaml válido (vea `informe validar {datos / pid}`)")
    if todas:
        entidades = [e.abreviatura for e in cat.ENTIDADES]
    else:
        encontrada = cat.buscar_entidad(entidad)
        if encontrada is None:
            _fallar_uso(f"entidad desconocida: {entidad}")
        entidades = [encontrada.abreviatura]
    for destino in escribir_plantillas(datos, registro, entidades, salida, por_carpeta=todas):
        _consola().print(f"Escrito: {destino}", markup=False)


@app.command(options_metavar="[OPCIONES]")
def recibir(
    archivos: Annotated[list[Path], typer.Argument(help="Archivos enviados por las JLE.", show_default=False,
                                                   metavar="ARCHIVO")],
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", help="texto o json (para devolverlo a la JLE).")]
    = FormatoValidacion.texto,
    reemplazar: Annotated[bool, typer.Option("--reemplazar", help="Acepta un reenvío que elimina datos del anterior.")] = False,
) -> None:
    """Valida cada archivo (o cada archivo de una carpeta) y, si no tiene errores, lo guarda en
    datos/PERIODO/jle/ con sus identificadores. Cada envío recibe un acuse en datos/PERIODO/acuses/ y uno
    rechazado se conserva en datos/PERIODO/rechazados/.

    Un reenvío nunca sustituye en silencio al anterior: muestra los cambios, guarda la versión previa
    como <archivo>.anterior-N y, si el reenvío elimina datos, pide --reemplazar.
    """
    from .mostrar import escribir_json, recepciones_texto
    from .recibir import recibir as recibir_archivos

    faltantes = [str(a) for a in archivos if not a.exists()]
    if faltantes:
        _fallar_uso(f"no existe: {', '.join(faltantes)}")
    # una carpeta (los adjuntos de un correo) aporta todos sus archivos: también el .docx que llegó en lugar
    # del YAML, para decirle a la JLE qué pasó en vez de ignorarlo
    archivos = sorted({a.resolve(): a for a in archivos if a.is_file()}.values(), key=str) + sorted(
        (p for a in archivos if a.is_dir() for p in a.rglob("*") if p.is_file() and not p.name.startswith(".")), key=str)
    if not archivos:
        _fallar_uso("las carpetas indicadas no tienen archivos")
    pid = _periodo_o_salir(datos, periodo)
    from .archivos import CarpetaOcupada

    try:
        recepciones = recibir_archivos(archivos, datos, pid, reemplazar)
    except CarpetaOcupada as e:
        _fallar(str(e))
    if formato is FormatoValidacion.json:
        escribir_json({"periodo": pid, "archivos": [r.como_dict() for r in recepciones]}, sys.stdout)
    else:
        recepciones_texto(recepciones, _consola())
    if any(r.estado in ("con errores", "rechazado") for r in recepciones):
        raise typer.Exit(1)


@app.command(options_metavar="[OPCIONES]")
def estado(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
) -> None:
    """Lista las 32 JLE: recibido, con advertencias, rechazado (se envió con errores), falta.
    Sale con 1 mientras falte alguna o haya rechazos sin corregir."""
    from .recibir import estado as estado_jle

    pid = _periodo_o_salir(datos, periodo)
    filas = estado_jle(datos, pid)
    from .mostrar import estado_rich

    conteo = estado_rich(filas, pid, datos, _consola())
    from .almacen import periodo_de

    if getattr(periodo_de(datos, pid), "origen", "jle") == "anexos":
        # nadie va a entregar: las que «faltan» son las entidades que los anexos no mencionan
        _consola().print("Periodo reconstruido de los anexos de un informe publicado (origen: anexos): no se espera "
                         "entrega de las JLE; «falta» es una entidad que los anexos no mencionan.", markup=False)
        conteo["falta"] = 0
    if conteo["falta"] or conteo["con errores"] or conteo["rechazado"]:
        raise typer.Exit(1)


class FormatoAcuerdos(str, Enum):
    texto = "texto"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command(options_metavar="[OPCIONES]")
def acuerdos(
    periodo: Annotated[Optional[str], typer.Option("--periodo", "-p", help="Corte: AAAA-MM o número del informe "
                                                   "(por omisión, el último periodo).", show_default=False)] = None,
    entidad: Annotated[Optional[list[str]], typer.Option("--entidad", "-e", help="Solo estas entidades (repetible).",
                                                         show_default=False)] = None,
    estatus: Annotated[Optional[list[str]], typer.Option(
        "--estatus", "-s", help="Planeación, En proceso, Concluido, «Sin estatus» o «pendientes» (todo lo no "
                                "concluido); repetible.", show_default=False)] = None,
    buscar: Annotated[Optional[str], typer.Option("--buscar", "-b", help="Texto a buscar en el acuerdo o su id "
                                                  "(sin importar acentos ni mayúsculas).", show_default=False)] = None,
    formato: Annotated[FormatoAcuerdos, typer.Option("--formato", "-f", help="texto, csv, json o xlsx.")]
    = FormatoAcuerdos.texto,
    salida: Annotated[Optional[Path], typer.Option("--salida", "-o", help="Archivo donde escribir (obligatorio con "
                                                   "xlsx); sin esta opción, la salida estándar.", show_default=False)] = None,
    datos: OpcionDatos = Path("datos"),
) -> None:
    """Los acuerdos con su estatus al corte y su historia, filtrados: ¿qué sigue pendiente en Guerrero?

    Ejemplo: informe acuerdos --entidad Guerrero --estatus pendientes
    """
    from .consulta import acuerdos as todos, csv_texto, estatus_buscados, filtrar, xlsx_bytes

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    entidades = _entidades_o_salir(entidad)
    buscados: list[str] = []
    for s in estatus or []:
        encontrados = estatus_buscados(s)
        if encontrados is None:
            _fallar_uso(f"estatus desconocido: {s} (use Planeación, En proceso, Concluido, «Sin estatus» o pendientes)")
        buscados += encontrados
    if formato is FormatoAcuerdos.xlsx and salida is None:
        _fallar_uso("--formato xlsx escribe un archivo: indique --salida ARCHIVO.xlsx")
    if salida is not None and salida.is_dir():
        _fallar_uso(f"--salida {salida} es una carpeta; indique un archivo")
    from .almacen import ids_de_periodo

    pid = _periodo_o_salir(datos, periodo or (ids_de_periodo(datos) or ["?"])[-1])
    cargados, _ = _resumen_o_salir(datos, pid)
    filas = filtrar(todos(cargados.periodos.values(), pid), entidades, buscados, buscar)
    if formato is FormatoAcuerdos.texto and salida is None:
        from .mostrar import acuerdos_rich

        acuerdos_rich(filas, pid, _consola())
        return
    if formato is FormatoAcuerdos.xlsx:
        contenido: str | bytes = xlsx_bytes(filas, f"Acuerdos al corte de {pid}")
    elif formato is FormatoAcuerdos.csv:
        contenido = csv_texto(filas)
    elif formato is FormatoAcuerdos.json:
        import json

        contenido = json.dumps({"periodo": pid, "acuerdos": [f.como_dict() for f in filas]}, ensure_ascii=False,
                               indent=2) + "\n"
    else:
        import io

        from .mostrar import acuerdos_rich
        from rich.console import Console

        memoria = io.StringIO()
        acuerdos_rich(filas, pid, Console(file=memoria, width=80, color_system=None, highlight=False))
        contenido = memoria.getvalue()
    if salida is None:
        sys.stdout.write(contenido)
        return
    from .archivos import escribir_atomico

    try:
        escribir_atomico(salida, contenido)
    except OSError as e:
        _fallar(f"no se pudo escribir {e.filename or salida}: {e.strerror or e}")
    _consola(error=True).print(f"Escrito: {salida} ({len(filas)} acuerdos)", markup=False)


class TablaAnexo(str, Enum):
    acuerdos = "acuerdos"
    medidas = "medidas"


@app.command(options_metavar="[OPCIONES]")
def importar(
    archivo: Annotated[Path, typer.Argument(help="Anexo en DOCX o texto con tabuladores (extraído de un PDF).",
                                            show_default=False, metavar="ARCHIVO")],
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    tabla: Annotated[TablaAnexo, typer.Option("--tabla", help="Qué tabla es: acuerdos o medidas.")] = TablaAnexo.acuerdos,
    reemplazar: Annotated[bool, typer.Option("--reemplazar", help="Sustituye archivos existentes (guarda la versión anterior).")] = False,
) -> None:
    """Importa un anexo (Entidad | Acuerdo | Estatus) a datos/PERIODO/jle/<entidad>.yaml.

    Nunca sobrescribe sin --reemplazar. Las filas de atribución dudosa se escriben con un comentario.
    """
    from .importar import importar as importar_anexo
    from .modelo import PATRON_PERIODO

    if not archivo.is_file():
        _fallar_uso(f"no existe el archivo {archivo}")
    if not PATRON_PERIODO.match(periodo):
        _fallar_uso(f"el periodo debe tener la forma AAAA-MM: {periodo}")
    from .archivos import CarpetaOcupada
    from .importar import ErrorDeLectura

    try:
        resultados, avisos = importar_anexo(archivo, datos, periodo, tabla.value, reemplazar)
    except CarpetaOcupada as e:
        _fallar(str(e))
    except ErrorDeLectura as e:
        from rich.text import Text

        _consola(error=True).print(Text(f"Error: {e}", style="bold red"))
        raise typer.Exit(1)
    from .mostrar import importacion_rich

    consola = _consola()
    importacion_rich(resultados, avisos, f"Importación de {archivo.name} → {datos / periodo}", consola)
    invalidos = [r for r in resultados if r.accion == "no válido"]
    if invalidos:
        from .mostrar import problemas_texto

        problemas_texto([p for r in invalidos for p in r.problemas], consola)
        consola.print(f"{len(invalidos)} archivos no se escribieron: no pasarían `informe validar`.", markup=False)
    rechazados = [r for r in resultados if r.accion == "rechazado"]
    if invalidos and not rechazados:
        raise typer.Exit(1)
    if rechazados:
        consola.print(f"{len(rechazados)} archivos ya existen con otro contenido y no se tocaron: "
                      "use --reemplazar para sustituirlos.", markup=False)
        raise typer.Exit(1)
    if resultados and all(r.accion == "sin cambios" for r in resultados):
        consola.print("Sin cambios: los archivos ya tenían exactamente este contenido.", markup=False)


periodo_app = typer.Typer(help="Abre el periodo siguiente del calendario de informes.", no_args_is_help=True,
                          options_metavar="[OPCIONES]", subcommand_metavar="ORDEN [ARGUMENTOS]...")
app.add_typer(periodo_app, name="periodo")


@periodo_app.command("nuevo", options_metavar="[OPCIONES]")
def periodo_nuevo(
    fin: Annotated[str | None, typer.Option("--fin", help="Fecha de corte AAAA-MM-DD (por omisión, un mes después "
                                                          "del corte anterior).", metavar="AAAA-MM-DD")] = None,
    datos: OpcionDatos = Path("datos"),
) -> None:
    """Escribe el periodo.yaml del informe siguiente a partir del último: número + 1, inicio el día después
    del corte anterior, ultimo: false. Se niega después de un periodo marcado como el último."""
    from datetime import date

    from .archivos import CarpetaOcupada
    from .periodos import NoSePuedeAbrir, abrir

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    corte = None
    if fin is not None:
        try:
            corte = date.fromisoformat(fin) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fin) else None
        except ValueError:
            corte = None
        if corte is None:
            _fallar_uso(f"--fin debe ser una fecha AAAA-MM-DD que exista: {fin}")
    try:
        nuevo = abrir(datos, corte)
    except (NoSePuedeAbrir, CarpetaOcupada) as e:
        _fallar(str(e))
    from .catalogos import ordinal
    from .renderizar import rango_fechas

    _consola().print(f"Periodo {nuevo.id}: {ordinal(nuevo.numero).lower()} informe, "
                     f"{rango_fechas(nuevo.inicio, nuevo.fin)}.", markup=False)
    _consola().print(f"Escrito: {nuevo.ruta}", markup=False)
    _consola().print(f"Siguiente paso: informe plantilla --periodo {nuevo.id} --todas", markup=False)


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


def main() -> None:  # punto de entrada del script `informe`
    app()
