"""El calendario de informes: abrir el periodo siguiente y revisar que los periodos no se contradigan.

Cada `periodo.yaml` se escribía a mano copiando el anterior: así se colaba un segundo `ultimo: true`,
fechas que se traslapan o un `numero` repetido. `informe periodo nuevo` lo deriva del último periodo,
y `validar` revisa la serie completa.
"""

from __future__ import annotations

import os

import calendar
import shlex
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..errores import NoSePuedeAbrir
from .modelo import Periodo
from ..problemas import Problema, problema


@dataclass(slots=True)
class PeriodoNuevo:
    ruta: Path
    id: str
    numero: int
    inicio: date
    fin: date


def _un_mes_despues(d: date) -> date:
    anio, mes = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return date(anio, mes, min(d.day, calendar.monthrange(anio, mes)[1]))


def abrir(datos: Path, fin: date | None = None) -> PeriodoNuevo:
    """Escribe `datos/<AAAA-MM>/periodo.yaml` del periodo que sigue al último."""
    from ..almacen import ids_de_periodo
    from .almacen import carpeta_jle, periodo_de
    from ..archivos import candado, escribir_atomico
    from .catalogos import ordinal

    with candado(datos):
        _reparar_interrumpido(datos)
        ids = ids_de_periodo(datos)
        if not ids:
            raise NoSePuedeAbrir(f"no hay periodos en {datos}: escriba a mano el periodo.yaml del primero")
        ultimo_id = ids[-1]
        registro = periodo_de(datos, ultimo_id)
        if not isinstance(registro, Periodo):
            raise NoSePuedeAbrir(f"el periodo {ultimo_id} no tiene un periodo.yaml válido. Vea qué corregir con:",
                                 f"informe validar {shlex.quote(str(datos / ultimo_id))}")
        if registro.ultimo:
            from ..almacen import nombre_visible

            archivo = nombre_visible(datos / ultimo_id / "periodo.yaml")
            raise NoSePuedeAbrir(f"el {ordinal(registro.numero).lower()} informe ({ultimo_id}) es el último de "
                                 f"su serie: su archivo {archivo} dice «ultimo: true». No se abrió ningún periodo. "
                                 "Si la serie continúa, cambie esa línea a «ultimo: false» y repita esta orden; si "
                                 "empieza una serie nueva (otro proceso electoral), ábrala en otra carpeta de datos, "
                                 "con el periodo.yaml de su primer informe.")
        inicio = registro.fin + timedelta(days=1)
        fin = fin or _un_mes_despues(registro.fin)
        if fin < inicio:
            raise NoSePuedeAbrir(f"--fin {fin.isoformat()} es anterior al inicio del periodo ({inicio.isoformat()})")
        pid = f"{fin.year}-{fin.month:02d}"
        if pid <= ultimo_id:
            raise NoSePuedeAbrir(f"el periodo que termina el {fin.isoformat()} sería {pid}, que no es posterior a "
                                 f"{ultimo_id}; indique otra fecha con --fin")
        ruta = datos / pid / "periodo.yaml"
        numero = registro.numero + 1
        # La carpeta se arma completa aparte (.abriendo-…, que ninguna orden lee como periodo) y aparece con un
        # solo rename: un kill -9 a media apertura deja los datos como estaban, más esa carpeta oculta, que la
        # próxima `periodo nuevo` borra.
        import tempfile

        temporal = Path(tempfile.mkdtemp(prefix=".abriendo-", dir=datos))
        try:
            escribir_atomico(temporal / "periodo.yaml",
                             f"# {ordinal(numero)} informe. Abierto con `informe periodo nuevo` a partir de "
                             f"{ultimo_id}.\nnumero: {numero}\ninicio: {inicio.isoformat()}\nfin: {fin.isoformat()}\n"
                             "ultimo: false\n")
            (temporal / carpeta_jle(datos, pid).name).mkdir()
            escribir_atomico(temporal / "federal.yaml", esqueleto_federal(ordinal(numero), pid, inicio, fin))
            os.chmod(temporal, 0o777 & ~_umask())  # mkdtemp crea 0700; la carpeta de un periodo es como las demás
            os.rename(temporal, datos / pid)
        except BaseException as e:
            import shutil

            shutil.rmtree(temporal, ignore_errors=True)
            if isinstance(e, OSError) and str(e.filename or "").startswith(str(temporal)):
                # «disco lleno» nombra el archivo del periodo, no la carpeta oculta que ya se borró
                e.filename = str(datos / pid / Path(e.filename).relative_to(temporal))
            raise
        return PeriodoNuevo(ruta, pid, numero, inicio, fin)


def _umask() -> int:
    actual = os.umask(0)
    os.umask(actual)
    return actual


def _reparar_interrumpido(datos: Path) -> None:
    """Lo que deja una apertura interrumpida: carpetas .abriendo-… y, de versiones anteriores, la carpeta del
    último periodo sin periodo.yaml con solo temporales y un jle/ vacío. Se borra; cualquier otra cosa
    (un archivo de una JLE) se deja, y `validar` la nombra (periodo-incompleto)."""
    import shutil

    from ..almacen import ids_de_periodo

    for carpeta in datos.glob(".abriendo-*"):
        if carpeta.is_dir() and not carpeta.is_symlink():
            shutil.rmtree(carpeta, ignore_errors=True)
    ids = ids_de_periodo(datos)
    if not ids:
        return
    ultima = datos / ids[-1]
    if (ultima / "periodo.yaml").exists() or ultima.is_symlink():
        return
    restos = list(ultima.iterdir())
    if all((r.name.startswith(".periodo.yaml.") and r.name.endswith(".tmp") and r.is_file())
           or (r.name == "jle" and r.is_dir() and not any(r.iterdir())) for r in restos):
        shutil.rmtree(ultima)


def esqueleto_federal(ordinal: str, pid: str, inicio: date, fin: date) -> str:
    """La parte de la DEOE también es una entrega: `periodo nuevo` la deja por llenar, marcada como pendiente,
    y `estado` y `compilar` la esperan como a las 32 JLE. Los ejemplos van comentados: sin comentarlos no se
    pueden entregar por descuido."""
    return (
        f"# Parte federal de la DEOE para el {ordinal.lower()} informe ({pid}: del {inicio.isoformat()} al "
        f"{fin.isoformat()}).\n"
        "# Llénela y después borre la línea «pendiente: true»: mientras siga, `informe estado` la lista como\n"
        "# faltante y `informe compilar` no compila (salvo con --permitir-faltantes).\n"
        "pendiente: true\n"
        "\n"
        "# Reuniones de la Mesa de Seguridad Electoral federal en el periodo, en orden de fecha. Si no hubo,\n"
        "# escriba «reuniones: []»; si la clave no está, el informe omite el apartado.\n"
        "# reuniones:\n"
        "#   - fecha: AAAA-MM-DD\n"
        "#     nombre: \"Nombre de la reunión como lo registra la Mesa\"\n"
        "#     puntos:\n"
        "#       - \"Punto que presentó el INE\"\n"
        "#     resumen: \"Lo que se trató, en una o dos frases\"\n"
        "\n"
        "# Solicitudes de medidas de seguridad personal de candidaturas recibidas en el periodo.\n"
        "# solicitudes:\n"
        "#   recibidas: 0\n"
        "#   sspc: 0\n"
        "#   opl: 0\n")


def revisar_serie(periodos: list[Periodo]) -> list[Problema]:
    """Números repetidos, fechas traslapadas o fuera de orden, más de un `ultimo` o uno que no es el final."""
    problemas = []
    ordenados = sorted(periodos, key=lambda p: p.id)
    numeros: dict[int, Periodo] = {}
    for p in ordenados:
        if p.numero in numeros:
            problemas.append(problema(p.archivo, None, None, "periodo-serie",
                                      f"numero {p.numero} ya lo usa el periodo {numeros[p.numero].id}.",
                                      "Cada informe lleva su propio número, uno más que el anterior."))
        numeros.setdefault(p.numero, p)
    for anterior, actual in zip(ordenados, ordenados[1:]):
        if actual.inicio <= anterior.fin:
            problemas.append(problema(actual.archivo, None, None, "periodo-serie",
                                      f"inicio ({actual.inicio.isoformat()}) no es posterior al fin del periodo "
                                      f"{anterior.id} ({anterior.fin.isoformat()}): los periodos se traslapan.",
                                      f"Empiece el periodo el {(anterior.fin + timedelta(days=1)).isoformat()}."))
        if actual.numero <= anterior.numero:
            problemas.append(problema(actual.archivo, None, None, "periodo-serie",
                                      f"numero {actual.numero} no es mayor que el del periodo {anterior.id} ({anterior.numero}).",
                                      "Numere los informes en el orden de sus carpetas."))
    ultimos = [p for p in ordenados if p.ultimo]
    for p in ultimos[:-1]:
        problemas.append(problema(p.archivo, None, None, "periodo-serie",
                                  f"el periodo {p.id} dice ser el último, pero también lo dice {ultimos[-1].id}.",
                                  "Solo el último informe de la serie lleva ultimo: true."))
    if ultimos and ultimos[-1] is not ordenados[-1]:
        problemas.append(problema(ultimos[-1].archivo, None, None, "periodo-serie",
                                  f"el periodo {ultimos[-1].id} dice ser el último, pero después está {ordenados[-1].id}.",
                                  "Quite ultimo: true o el periodo posterior."))
    return problemas
