"""Las órdenes del ciclo mensual con las JLE (familia de seguridad): plantilla, recibir, estado,
acuerdos, importar y periodo nuevo. Como las de `cli`, solo interpretan opciones y llaman al paquete.
"""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import (
    ORDEN_CON_PERIODO, FormatoValidacion, OpcionDatos, OpcionPeriodo, _consola, _entidad_o_salir, _entidades_o_salir,
    _fallar, _fallar_uso, _familia_o_salir, _fuera_de_datos, _periodo_o_salir, _preparado_o_salir, app,
)


@app.command(options_metavar="[OPCIONES]", cls=ORDEN_CON_PERIODO)
def plantilla(
    periodo: OpcionPeriodo,
    entidad: Annotated[Optional[str], typer.Option("--entidad", "-e", help="Entidad de la JLE.", show_default=False)] = None,
    todas: Annotated[bool, typer.Option("--todas", help="Una carpeta para cada una de las 32 JLE.")] = False,
    datos: OpcionDatos = Path("datos"),
    salida: Annotated[Path, typer.Option("--salida", "-o", help="Carpeta (salida/plantillas).",
                                         show_default=False)] = Path("salida/plantillas"),
) -> None:
    """Escribe el formulario de cada JLE, con sus acuerdos abiertos."""
    from .entidades import ENTIDADES
    from .seguridad.almacen import periodo_de
    from .seguridad.formulario import escribir_plantillas

    _familia_o_salir(datos, "seguridad")

    if todas == (entidad is not None):
        _fallar_uso("indique --entidad X o --todas (una de las dos)")
    if salida.exists() and not salida.is_dir():
        _fallar_uso(f"--salida {salida} es un archivo, no una carpeta; indique la carpeta de las plantillas")
    _fuera_de_datos(salida, datos)
    pid = _periodo_o_salir(datos, periodo)
    registro = periodo_de(datos, pid)
    if registro is None:
        _fallar_uso(f"el periodo {pid} no tiene un periodo.yaml válido (vea `informe validar {datos / pid}`)")
    entidades = [e.abreviatura for e in ENTIDADES] if todas else [_entidad_o_salir(entidad)]
    from .almacen import nombre_visible

    escritos = escribir_plantillas(datos, registro, entidades, salida, por_carpeta=todas)
    consola = _consola()
    datos_opcion = "" if str(datos) == "datos" else f" --datos {datos}"
    if todas:  # 96 archivos no se listan: se dice dónde quedaron y qué sigue
        carpetas = sorted({p.parent.name for p in escritos})
        consola.print(f"{len(carpetas)} carpetas escritas en {nombre_visible(salida)}/, una por JLE "
                      f"({carpetas[0]}/ … {carpetas[-1]}/), cada una con la plantilla, sus instrucciones y el "
                      "esquema para el editor.", markup=False)
    else:
        for destino in escritos:
            consola.print(f"Escrito: {nombre_visible(destino)}", markup=False)
    envio = "a cada JLE su carpeta completa" if todas else "a la JLE estos tres archivos juntos"
    consola.print(f"Siguiente paso: envíe {envio}; sus respuestas se reciben con: informe recibir CARPETA "
                  f"--periodo {pid}{datos_opcion}", markup=False)


@app.command(options_metavar="[OPCIONES]", cls=ORDEN_CON_PERIODO)
def recibir(
    archivos: Annotated[list[Path], typer.Argument(help="Archivos o carpetas de las JLE.", show_default=False,
                                                   metavar="ARCHIVO")],
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", case_sensitive=False, metavar="FORMATO",
                                                       help="texto (por omisión) o json.", show_default=False)]
    = FormatoValidacion.texto,
    reemplazar: Annotated[bool, typer.Option("--reemplazar", help="Acepta un reenvío que quita datos.")] = False,
) -> None:
    """Recibe los archivos de las JLE y escribe sus acuses.

    Lo que no tiene errores se guarda en datos/PERIODO/jle/; lo rechazado, en datos/PERIODO/rechazados/; los
    acuses, en datos/PERIODO/acuses/. Un reenvío que quita datos espera --reemplazar.
    """
    from .mostrar import escribir_json
    from .seguridad.recibir import recibir as recibir_archivos
    from .seguridad.tablas import recepciones_texto

    _familia_o_salir(datos, "seguridad")

    faltantes = [str(a) for a in archivos if not a.exists() and not a.is_symlink()]
    if faltantes:
        _fallar_uso(f"no existe: {', '.join(faltantes)}")
    from .validar import recorrer

    # una carpeta (los adjuntos de un correo) aporta todos sus archivos: también el .docx que llegó en lugar
    # del YAML, para decirle a la JLE qué pasó en vez de ignorarlo. Un enlace, una FIFO o un dispositivo
    # también se «recibe»: no se sigue ni se abre, y su acuse dice por qué (nada llega y desaparece)
    archivos = sorted({a.parent.resolve() / a.name: a for a in archivos if not a.is_dir() or a.is_symlink()}.values(),
                      key=str) + sorted((p for a in archivos if a.is_dir() and not a.is_symlink() for p in recorrer(a)
                                         if not p.name.startswith(".")), key=str)
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
        recepciones_texto(recepciones, _consola(), pid, datos)
    if any(r.estado in ("con errores", "rechazado") for r in recepciones):
        raise typer.Exit(1)


@app.command(options_metavar="[OPCIONES]", cls=ORDEN_CON_PERIODO)
def estado(
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    todas: Annotated[bool, typer.Option("--todas", help="Las 32 JLE, con sus cifras.")] = False,
) -> None:
    """Qué JLE entregaron, cuáles faltan y cuáles se rechazaron.

    Sale con 1 mientras falte alguna o haya rechazos sin corregir.
    """
    from .seguridad.recibir import estado as estado_jle

    _familia_o_salir(datos, "seguridad")
    pid = _periodo_o_salir(datos, periodo)
    filas = estado_jle(datos, pid)
    from .seguridad.acuses import rechazos
    from .seguridad.tablas import estado_rich

    from .seguridad.almacen import periodo_de

    anexos = getattr(periodo_de(datos, pid), "origen", "jle") == "anexos"
    sin_entidad = sum(r.abreviatura is None for r in rechazos(datos, pid))
    conteo = estado_rich(filas, pid, datos, _consola(), todas, sin_entidad,
                         "no mencionadas en los anexos" if anexos else "faltan")
    if anexos:
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
    periodo: Annotated[Optional[str], typer.Option("--periodo", "-p", help="Corte (por omisión: el último).",
                                                   show_default=False)] = None,
    entidad: Annotated[Optional[list[str]], typer.Option("--entidad", "-e", help="Solo estas entidades (repetible).",
                                                         show_default=False)] = None,
    estatus: Annotated[Optional[list[str]], typer.Option(
        "--estatus", "-s", help="Un estatus o «pendientes»; repetible.", show_default=False)] = None,
    buscar: Annotated[Optional[str], typer.Option("--buscar", "-b", help="Texto del acuerdo o su id.",
                                                  show_default=False)] = None,
    formato: Annotated[FormatoAcuerdos, typer.Option("--formato", "-f", case_sensitive=False, metavar="FORMATO",
                                                     help="texto (por omisión), csv, json o xlsx.", show_default=False)]
    = FormatoAcuerdos.texto,
    salida: Annotated[Optional[Path], typer.Option("--salida", "-o", help="Archivo (obligatorio con xlsx).",
                                                   show_default=False)] = None,
    datos: OpcionDatos = Path("datos"),
) -> None:
    """Busca acuerdos por entidad, estatus o texto, con su historia.

    Ejemplo: informe acuerdos --entidad Guerrero --estatus pendientes
    """
    from .seguridad.almacen import catalogos_de
    from .seguridad.consulta import acuerdos as todos, csv_texto, estatus_buscados, filtrar, opciones_de_estatus, xlsx_bytes

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    _familia_o_salir(datos, "seguridad")
    entidades = _entidades_o_salir(entidad)
    catalogos = catalogos_de(datos)
    buscados: list[str] = []
    for s in estatus or []:
        encontrados = estatus_buscados(s, catalogos)
        if encontrados is None:
            _fallar_uso(f"estatus desconocido: {s} (use {opciones_de_estatus(catalogos)})")
        buscados += encontrados
    if formato is FormatoAcuerdos.xlsx and salida is None:
        _fallar_uso("--formato xlsx escribe un archivo: indique --salida ARCHIVO.xlsx")
    if salida is not None and salida.is_dir():
        _fallar_uso(f"--salida {salida} es una carpeta; indique un archivo")
    if salida is not None:
        _fuera_de_datos(salida, datos)
    from .almacen import ids_de_periodo

    pid = _periodo_o_salir(datos, periodo or (ids_de_periodo(datos) or ["?"])[-1])
    _preparado_o_salir(datos, pid)  # valida: con errores en los datos no se lista nada
    from .seguridad.almacen import cargar_datos

    # la historia de estatus de cada acuerdo no está en el índice (guarda el estado al corte): se lee toda
    filas = filtrar(todos(cargar_datos(datos, hasta=pid).periodos.values(), pid), entidades, buscados, buscar)
    if formato is FormatoAcuerdos.texto and salida is None:
        from .seguridad.tablas import acuerdos_rich

        acuerdos_rich(filas, pid, _consola(), catalogos)
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

        from rich.console import Console

        from .seguridad.tablas import acuerdos_rich

        memoria = io.StringIO()
        acuerdos_rich(filas, pid, Console(file=memoria, width=80, color_system=None, highlight=False), catalogos)
        contenido = memoria.getvalue()
    if salida is None:
        sys.stdout.write(contenido)
        return
    from .archivos import escribir_atomico

    try:
        escribir_atomico(salida, contenido)
    except OSError as e:
        from .errores import mensaje_de_oserror

        _fallar(mensaje_de_oserror(e, salida))
    _consola(error=True).print(f"Escrito: {salida} ({len(filas)} acuerdos)", markup=False)


class TablaAnexo(str, Enum):
    acuerdos = "acuerdos"
    medidas = "medidas"


class Etiquetas(str, Enum):
    arriba = "arriba"
    centro = "centro"


@app.command(options_metavar="[OPCIONES]", cls=ORDEN_CON_PERIODO)
def importar(
    archivo: Annotated[Path, typer.Argument(help="Anexo en DOCX o texto con tabuladores.",
                                            show_default=False, metavar="ARCHIVO")],
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    tabla: Annotated[TablaAnexo, typer.Option("--tabla", case_sensitive=False, metavar="TABLA",
                                              help="acuerdos (por omisión) o medidas.", show_default=False)]
    = TablaAnexo.acuerdos,
    reemplazar: Annotated[bool, typer.Option("--reemplazar", help="Sustituye (guarda lo anterior).")] = False,
    etiquetas: Annotated[Etiquetas, typer.Option("--etiquetas", case_sensitive=False, metavar="DÓNDE",
                                                 help="Entidad arriba (omisión) o al centro.", show_default=False)]
    = Etiquetas.arriba,
) -> None:
    """Importa un anexo publicado (DOCX o texto) al periodo.

    En seguridad, a datos/PERIODO/jle/; en VMRE, las tablas del Informe de avances. Nunca sobrescribe sin
    --reemplazar.
    """
    from .cargar import PATRON_PERIODO

    import os

    from .archivos import tipo_especial

    try:
        especial = tipo_especial(os.lstat(archivo).st_mode)
    except OSError:
        _fallar_uso(f"no existe el archivo {archivo}")
    if especial is not None:  # ni se sigue un enlace ni se abre una FIFO (bloquearía) o un dispositivo
        _fallar_uso(f"{archivo} es {especial[1]}, no un archivo: indique el anexo mismo")
    from .almacen import normalizar_periodo

    periodo = periodo if PATRON_PERIODO.match(periodo) else normalizar_periodo(periodo) or periodo
    if not PATRON_PERIODO.match(periodo):
        _fallar_uso(f"el periodo se escribe 2024-07 o julio 2024 (se dio «{periodo}»)")
    familia = _familia_o_salir(datos, debe_existir=False)  # importar crea la carpeta de datos si no existe
    if familia.nombre != "seguridad":
        return _importar_tablas(familia, archivo, datos, periodo, reemplazar)
    from .archivos import CarpetaOcupada
    from .seguridad.importar import ErrorDeLectura
    from .seguridad.importar import importar as importar_anexo

    try:
        resultados, avisos = importar_anexo(archivo, datos, periodo, tabla.value, reemplazar,
                                            etiquetas.value)
    except CarpetaOcupada as e:
        _fallar(str(e))
    except ErrorDeLectura as e:
        from rich.text import Text

        _consola(error=True).print(Text(f"Error: {e}", style="bold red"))
        raise typer.Exit(1)
    from .seguridad.tablas import importacion_rich

    consola = _consola()
    importacion_rich(resultados, avisos, f"Importación de {archivo.name} → {datos / periodo}", consola)
    invalidos = [r for r in resultados if r.accion == "con errores"]
    if invalidos:
        from .mostrar import problemas_texto

        problemas_texto([p for r in invalidos for p in r.problemas], consola)
        consola.print(f"{len(invalidos)} archivos no se escribieron: no pasarían `informe validar`.", markup=False)
    rechazados = [r for r in resultados if r.accion == "rechazado"]
    if invalidos and not rechazados:
        raise typer.Exit(1)
    if rechazados:
        consola.print(_ya_existen(len(rechazados)), markup=False)
        raise typer.Exit(1)
    if resultados and all(r.accion == "sin cambios" for r in resultados):
        consola.print("Sin cambios: los archivos ya tenían exactamente este contenido.", markup=False)


def _ya_existen(n: int) -> str:
    from .lengua import plural

    return (f"{n} {plural(n, 'archivo')} ya {plural(n, 'existe', 'existen')} con otro contenido y no se "
            f"{plural(n, 'tocó', 'tocaron')}: use --reemplazar para {plural(n, 'sustituirlo', 'sustituirlos')}.")


def _importar_tablas(familia, archivo: Path, datos: Path, periodo: str, reemplazar: bool) -> None:
    """`importar` de una familia que guarda tablas (VMRE): un renglón por archivo, y los avisos con su línea."""
    from rich.table import Table

    from .errores import CarpetaOcupada, ErrorDeLectura
    from .lengua import plural
    from .mostrar import problemas_texto, visible

    try:
        resultados, avisos = familia.importar(archivo, datos, periodo, reemplazar)
    except (CarpetaOcupada, ErrorDeLectura) as e:
        _fallar(str(e))
    consola = _consola()
    t = Table(title=f"Importación de {archivo.name} → {datos / periodo}", header_style="bold")
    for columna, alineacion in (("Archivo", "left"), ("Resultado", "left"), ("Filas", "right")):
        t.add_column(columna, justify=alineacion)
    for ruta, hecho, filas in resultados:
        t.add_row(ruta.name, "sustituido" if hecho.respaldo else hecho.estado, str(filas))
    consola.print(t)
    for aviso in avisos:
        consola.print(f"aviso: {visible(aviso)}", markup=False, highlight=False)
    if avisos:
        consola.print(f"{len(avisos)} {plural(len(avisos), 'fila')} con aviso: se conservó lo confiable de cada "
                      "una (vea los avisos).", markup=False)
    invalidos = [p for _, hecho, _ in resultados for p in hecho.problemas]
    if invalidos:
        problemas_texto(invalidos, consola)
    rechazados = sum(1 for _, hecho, _ in resultados if hecho.estado == "rechazado")
    if rechazados:
        consola.print(_ya_existen(rechazados), markup=False)
    if invalidos or rechazados:
        raise typer.Exit(1)


periodo_app = typer.Typer(help="Abre el periodo siguiente.", no_args_is_help=True,
                          options_metavar="[OPCIONES]", subcommand_metavar="ORDEN [ARGUMENTOS]...")
app.add_typer(periodo_app, name="periodo")


@periodo_app.command("nuevo", options_metavar="[OPCIONES]")
def periodo_nuevo(
    fin: Annotated[str | None, typer.Option("--fin", help="Corte (un mes después del anterior).",
                                            metavar="AAAA-MM-DD", show_default=False)] = None,
    datos: OpcionDatos = Path("datos"),
) -> None:
    """Escribe el periodo.yaml del informe siguiente al último.

    Número + 1, inicio el día después del corte anterior. No abre nada después de un informe marcado como el
    último de su serie.
    """
    from datetime import date

    from .archivos import CarpetaOcupada
    from .seguridad.periodos import NoSePuedeAbrir, abrir

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    _familia_o_salir(datos, "seguridad")
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
    from .lengua import ordinal
    from .renderizar import rango_fechas

    _consola().print(f"Periodo {nuevo.id}: {ordinal(nuevo.numero).lower()} informe, "
                     f"{rango_fechas(nuevo.inicio, nuevo.fin)}.", markup=False)
    _consola().print(f"Escrito: {nuevo.ruta}", markup=False)
    _consola().print(f"Escrito: {nuevo.ruta.parent / 'federal.yaml'} (parte federal de la DEOE, por llenar)", markup=False)
    _consola().print(f"Siguiente paso: informe plantilla --periodo {nuevo.id} --todas", markup=False)
