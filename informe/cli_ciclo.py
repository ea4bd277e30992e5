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
    FormatoValidacion, OpcionDatos, OpcionPeriodo, _consola, _entidades_o_salir, _fallar, _fallar_uso,
    _familia_o_salir, _fuera_de_datos, _periodo_o_salir, _preparado_o_salir, app,
)


@app.command(options_metavar="[OPCIONES]")
def plantilla(
    periodo: OpcionPeriodo,
    entidad: Annotated[Optional[str], typer.Option("--entidad", "-e", help="Entidad de la JLE.", show_default=False)] = None,
    todas: Annotated[bool, typer.Option("--todas", help="Una plantilla para cada una de las 32 JLE.")] = False,
    datos: OpcionDatos = Path("datos"),
    salida: Annotated[Path, typer.Option("--salida", "-o", help="Carpeta donde se escriben las plantillas.")] = Path("salida/plantillas"),
) -> None:
    """Escribe el archivo YAML que llena una JLE, con el seguimiento de sus acuerdos abiertos ya cargado."""
    from .entidades import ENTIDADES, buscar
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
    if todas:
        entidades = [e.abreviatura for e in ENTIDADES]
    else:
        encontrada = buscar(entidad)
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
    from .seguridad.recibir import estado as estado_jle

    _familia_o_salir(datos, "seguridad")
    pid = _periodo_o_salir(datos, periodo)
    filas = estado_jle(datos, pid)
    from .seguridad.tablas import estado_rich

    conteo = estado_rich(filas, pid, datos, _consola())
    from .seguridad.almacen import periodo_de

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
    from .seguridad.consulta import acuerdos as todos, csv_texto, estatus_buscados, filtrar, xlsx_bytes

    if not datos.is_dir():
        _fallar_uso(f"no existe la carpeta de datos {datos}")
    _familia_o_salir(datos, "seguridad")
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

        from rich.console import Console

        from .seguridad.tablas import acuerdos_rich

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
        from .errores import mensaje_de_oserror

        _fallar(mensaje_de_oserror(e, salida))
    _consola(error=True).print(f"Escrito: {salida} ({len(filas)} acuerdos)", markup=False)


class TablaAnexo(str, Enum):
    acuerdos = "acuerdos"
    medidas = "medidas"


class Etiquetas(str, Enum):
    arriba = "arriba"
    centro = "centro"


@app.command(options_metavar="[OPCIONES]")
def importar(
    archivo: Annotated[Path, typer.Argument(help="Anexo en DOCX o texto con tabuladores (extraído de un PDF); en una "
                                                 "carpeta VMRE, el texto del Informe de avances.",
                                            show_default=False, metavar="ARCHIVO")],
    periodo: OpcionPeriodo,
    datos: OpcionDatos = Path("datos"),
    tabla: Annotated[TablaAnexo, typer.Option("--tabla", help="Qué tabla es: acuerdos o medidas.")] = TablaAnexo.acuerdos,
    reemplazar: Annotated[bool, typer.Option("--reemplazar", help="Sustituye archivos existentes (guarda la versión anterior).")] = False,
    etiquetas: Annotated[Etiquetas, typer.Option("--etiquetas", help="Dónde está el nombre de la entidad en su celda: arriba (primera fila del bloque) o centro (a media altura).")] = Etiquetas.arriba,
) -> None:
    """Importa un anexo (Entidad | Acuerdo | Estatus) a datos/PERIODO/jle/<entidad>.yaml; en una carpeta
    VMRE, las tablas de un Informe de avances a datos/PERIODO/*.csv.

    Nunca sobrescribe sin --reemplazar. Las filas de atribución dudosa se escriben con un comentario.
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
    if not PATRON_PERIODO.match(periodo):
        _fallar_uso(f"el periodo debe tener la forma AAAA-MM: {periodo}")
    familia = _familia_o_salir(datos)
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
