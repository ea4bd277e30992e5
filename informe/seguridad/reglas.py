"""Las reglas de la familia de seguridad que un archivo no puede saber de sí mismo.

La carga ya reporta la sintaxis y los tipos de cada archivo. Aquí se revisan las relaciones: periodo
contra carpeta, fechas contra el periodo, una entidad por periodo, y el seguimiento contra la
historia de acuerdos en `--datos`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..almacen import ids_de_periodo, nombre_visible
from ..cargar import Carga, periodo_de_carpeta
from ..problemas import Problema, problema
from .. import textos
from .apartados import RANURAS
from .carga import LECTURA
from . import catalogos as cat
from .almacen import DatosPeriodo, cargar_datos, recorrer
from .modelo import Federal, InformeJLE, Periodo
from .periodos import revisar_serie


def revisar(archivos: list[Path], cargas: list[Carga], datos: Path | None, contexto=None) -> list[Problema]:
    """Las reglas que cruzan archivos: periodo contra carpeta, fechas contra el periodo, una entidad por
    periodo, seguimiento contra la historia, cifras publicadas contra filas, la serie de periodos."""
    problemas: list[Problema] = []
    por_ruta = {r.resolve(): c for r, c in zip(archivos, cargas)}

    informes = [(r, c.registro) for r, c in zip(archivos, cargas) if c.tipo == "jle" and c.registro is not None]
    for ruta, informe in informes:
        problemas += _revisar_carpeta(ruta, informe)
    problemas += _revisar_duplicados([i for _, i in informes])

    periodos: dict[str, Periodo] = {c.registro.id: c.registro for c in cargas
                                    if c.tipo == "periodo" and c.registro is not None}
    validados = sorted({i.periodo for _, i in informes}
                       | {c.registro.periodo for c in cargas if c.tipo == "federal" and c.registro})
    periodos_datos: dict[str, DatosPeriodo] = {}
    citados = _con_indice(informes, cargas, datos, periodos) if validados and datos is not None else None
    if citados is not None:
        for _, informe in informes:
            problemas += _revisar_informe(informe, periodos.get(informe.periodo), citados[informe.periodo], contexto)
    elif validados and datos is not None:
        periodos_datos = dict(cargar_datos(datos, hasta=validados[-1], cargas_previas=por_ruta).periodos)
        for pid, dp in periodos_datos.items():
            if dp.periodo is not None:
                periodos.setdefault(pid, dp.periodo)
    # Los archivos que se validan sustituyen, en la historia, a los de su entidad y periodo.
    por_periodo: dict[str, list[InformeJLE]] = {}
    for _, informe in informes:
        por_periodo.setdefault(informe.periodo, []).append(informe)
        periodos_datos.setdefault(informe.periodo, DatosPeriodo(informe.periodo)).jle[informe.entidad] = informe

    for dp, estados in (recorrer(periodos_datos.values()) if citados is None else ()):
        for informe in por_periodo.get(dp.id, []):
            problemas += _revisar_informe(informe, periodos.get(informe.periodo), estados, contexto)
    if datos is not None:
        problemas += _revisar_mesas_sin_respuesta([i for _, i in informes], datos, contexto)
    for c in cargas:
        if c.tipo == "federal" and c.registro is not None:
            problemas += _revisar_federal(c.registro, periodos.get(c.registro.periodo))
    # la serie de periodos de cada carpeta de datos a la que pertenece un periodo.yaml que se valida
    validados_archivos = {c.archivo for c in cargas}
    for raiz in sorted({r.resolve().parent.parent for r, c in zip(archivos, cargas) if c.tipo == "periodo"}):
        serie = []
        for pid in ids_de_periodo(raiz):
            ruta = raiz / pid / "periodo.yaml"
            for marca in sorted((raiz / pid).glob(".importando-*")):
                try:
                    orden = marca.read_text(encoding="utf-8", errors="replace").strip()[:300]
                except OSError:
                    orden = "informe importar …"
                problemas.append(problema(nombre_visible(marca), None, None, "importar-incompleto",
                                          f"Una importación en {pid} se interrumpió antes de terminar: algunas "
                                          "entidades pueden faltar.",
                                          f"Repita la orden para completarla: {orden}"))
            if not ruta.exists():
                problemas.append(problema(nombre_visible(raiz / pid), None, None, "periodo-incompleto",
                                          f"La carpeta del periodo {pid} no tiene periodo.yaml.",
                                          "Si `informe periodo nuevo` se interrumpió, repítalo: termina de abrirlo. "
                                          "Si no, escriba su periodo.yaml o quite la carpeta."))
            if ruta.is_file():
                registro = (por_ruta.get(ruta.resolve()) or LECTURA.cargar(ruta, nombre_visible(ruta), contexto)).registro
                if isinstance(registro, Periodo):
                    serie.append(registro)
        problemas += [p for p in revisar_serie(serie) if p.archivo in validados_archivos]
    # cifras publicadas contra filas, y la redacción del analista, de los periodos que se validan: cada
    # texto se busca en la carpeta de datos de su propio periodo.yaml (no en --datos, que puede ser otra)
    for ruta, c in zip(archivos, cargas):
        if c.tipo == "periodo" and c.registro is not None:
            dp = periodos_datos.get(c.registro.id)
            if dp is not None and c.registro.publicado is not None:
                problemas += _revisar_publicado(c.registro, list(dp.jle.values()), contexto)
            problemas += _revisar_textos(*textos.del_periodo(ruta.resolve().parent.parent, c.registro.id, RANURAS),
                                         contexto)
            if not any(p.severidad == "error" for p in problemas):
                from .informe import omisiones

                problemas += omisiones(ruta.resolve().parent.parent, c.registro.id, c.archivo)
        elif c.tipo == "proceso" and c.registro is not None:
            problemas += _revisar_textos(*textos.del_proceso(ruta.resolve().parent, c.registro, RANURAS), contexto)
    return problemas



def _revisar_carpeta(ruta: Path, informe: InformeJLE) -> list[Problema]:
    carpeta = periodo_de_carpeta(ruta)
    if carpeta is None or carpeta == informe.periodo:
        return []
    return [problema(informe.archivo, informe.lineas.get("periodo"), None, "periodo-distinto",
                     f"El archivo dice periodo {informe.periodo} pero está en la carpeta {carpeta}.",
                     f"Corrija el campo periodo a {carpeta} o mueva el archivo a la carpeta {informe.periodo}.")]


def _revisar_duplicados(informes: list[InformeJLE]) -> list[Problema]:
    primeros: dict[tuple[str, str], InformeJLE] = {}
    problemas = []
    for informe in informes:
        clave = (informe.periodo, informe.entidad)
        if clave in primeros:
            nombre = cat.POR_ABREVIATURA[informe.entidad].corto
            problemas.append(problema(informe.archivo, informe.lineas.get("entidad"), None, "entidad-duplicada",
                                      f"Ya hay otro archivo de {nombre} para {informe.periodo}: {primeros[clave].archivo}.",
                                      "Deje un solo archivo por entidad y periodo."))
        else:
            primeros[clave] = informe
    return problemas


def _fuera_de_periodo(archivo: str, linea: int | None, que: str, fecha: date, periodo: Periodo) -> list[Problema]:
    rango = f"del {periodo.inicio.isoformat()} al {periodo.fin.isoformat()}"
    if fecha > periodo.fin:
        return [problema(archivo, linea, None, "fecha-posterior",
                         f"{que}: {fecha.isoformat()} es posterior al corte del periodo {periodo.id} ({rango}).",
                         "Revise el año y el mes; lo posterior al corte se reporta en el siguiente periodo.")]
    if fecha < periodo.inicio:
        return [problema(archivo, linea, None, "fecha-anterior",
                         f"{que}: {fecha.isoformat()} es anterior al inicio del periodo {periodo.id} ({rango}); "
                         "se contará como reporte tardío.")]
    return []


def _revisar_fechas_jle(informe: InformeJLE, periodo: Periodo) -> list[Problema]:
    problemas = []
    if informe.mesa is not None and informe.mesa.instalada is not None and informe.mesa.instalada > periodo.fin:
        problemas += _fuera_de_periodo(informe.archivo, informe.mesa.linea, "mesa.instalada",
                                       informe.mesa.instalada, periodo)
    for r in informe.reuniones or []:
        problemas += _fuera_de_periodo(informe.archivo, r.linea, "Reunión", r.fecha, periodo)
    for a in informe.acuerdos:
        if a.fecha is not None:
            problemas += _fuera_de_periodo(informe.archivo, a.linea, "Acuerdo", a.fecha, periodo)
    return problemas


def _revisar_repetidos(informe: InformeJLE) -> list[Problema]:
    primeros: dict[str, int] = {}
    problemas = []
    for a in informe.acuerdos:
        clave = " ".join(a.descripcion.casefold().split())
        if clave in primeros:
            problemas.append(problema(informe.archivo, a.linea, None, "acuerdo-repetido",
                                      f"El acuerdo repite el texto del de la línea {primeros[clave]}.",
                                      "Si son el mismo acuerdo, deje uno; si son distintos, precise el texto."))
        else:
            primeros[clave] = a.linea
    return problemas


def _revisar_informe(informe: InformeJLE, periodo: Periodo | None, estados: dict, catalogos=None) -> list[Problema]:
    """Las reglas de un archivo de JLE contra su periodo y contra la historia anterior a él."""
    problemas = []
    if periodo is None:
        problemas.append(problema(informe.archivo, informe.lineas.get("periodo"), None, "periodo-desconocido",
                                  f"No hay periodo.yaml para {informe.periodo}: no se revisan las fechas.",
                                  "Indique --datos con la carpeta que contiene los periodos."))
    else:
        problemas += _revisar_fechas_jle(informe, periodo)
    return (problemas + _revisar_repetidos(informe) + _revisar_seguimiento(informe, estados, catalogos)
            + _revisar_respuestas(informe))


def _revisar_mesas_sin_respuesta(informes: list[InformeJLE], datos: Path, contexto) -> list[Problema]:
    """Una JLE que reporta reuniones sin contestar «mesa» y de la que ningún informe anterior registra la
    instalación: el informe no sabría decir si está incorporada. (Con la historia solo se consulta la
    mesa de las JLE que lo necesitan.)"""
    from .almacen import catalogos_de, corte_de
    from .indice import al_corte

    dudosos = [i for i in informes if i.reuniones and i.mesa is None]
    problemas = []
    for pid in sorted({i.periodo for i in dudosos}):
        corte = al_corte(datos, pid, contexto or catalogos_de(datos), ids=set(), incluido=False)
        if corte is None:
            corte = corte_de(cargar_datos(datos, hasta=pid).periodos.values(), pid, incluido=False)
        for i in (i for i in dudosos if i.periodo == pid):
            anterior = corte.mesas.get(i.entidad)
            if anterior is None or anterior.instalada is None:
                problemas.append(problema(
                    i.archivo, i.lineas.get("reuniones"), None, "mesa-sin-respuesta",
                    f"El archivo reporta {len(i.reuniones)} reuniones pero no contesta «mesa», y ningún informe "
                    "anterior registra la instalación de la mesa de la JLE.",
                    "Quite los «#» de la sección «mesa» y escriba la fecha en que la JLE se incorporó a la Mesa de "
                    "Coordinación."))
    return problemas


def _revisar_respuestas(informe: InformeJLE) -> list[Problema]:
    """Lo que un formulario sin contestar dejaría como dato: ejemplos descomentados tal cual, reuniones con
    0 asistentes, y reuniones de una JLE que dice no estar incorporada a la mesa de su entidad."""
    from .formulario import TEXTOS_DE_EJEMPLO

    problemas = []
    textos = [(t.linea, t.descripcion) for r in informe.reuniones or [] for t in r.temas or []]
    textos += [(m.linea, m.descripcion) for m in informe.medidas or []]
    textos += [(a.linea, a.descripcion) for a in informe.acuerdos]
    for linea, texto in textos:
        if texto is not None and " ".join(texto.split()) in TEXTOS_DE_EJEMPLO:
            problemas.append(problema(informe.archivo, linea, None, "ejemplo-sin-cambiar",
                                      f"«{texto}» es el texto de ejemplo de la plantilla, sin cambiar.",
                                      "Escriba lo que de verdad se trató o se hizo, o borre el elemento."))
    for r in informe.reuniones or []:
        if r.asistentes == 0:
            problemas.append(problema(informe.archivo, r.linea, None, "asistentes-cero",
                                      f"La reunión del {r.fecha.isoformat()} tiene 0 asistentes: no hubo reunión "
                                      "o falta el número.",
                                      "Escriba cuántas personas asistieron, o borre la reunión si no se celebró."))
    # (una reunión anterior a la fecha de instalación sí puede ser: la JLE asistió antes de incorporarse)
    if informe.reuniones and informe.mesa is not None and informe.mesa.instalada is None:
        primera = min(r.fecha for r in informe.reuniones)
        problemas.append(problema(informe.archivo, informe.mesa.linea, None, "reuniones-sin-mesa",
                                  f"El archivo reporta {len(informe.reuniones)} reuniones desde el {primera.isoformat()}, "
                                  "pero «mesa» dice que la JLE aún no se incorpora a la Mesa de Coordinación.",
                                  "Escriba en mesa.instalada la fecha en que la JLE se incorporó, o corrija las "
                                  "reuniones."))
    return problemas


def _con_indice(informes: list, cargas: list[Carga], datos: Path, periodos: dict) -> dict[str, dict] | None:
    """El estado, al corte del periodo anterior, de los acuerdos que cita el seguimiento del periodo que se
    valida, del índice de la historia (`indice.py`): sin releer ni reconstruir los periodos anteriores.
    None cuando hay que leer la historia: sin índice, si se valida un periodo.yaml (sus cifras publicadas
    se cotejan con las filas) o si se validan varios periodos (una pasada por la historia los revisa todos).
    """
    from .almacen import catalogos_de, periodo_de
    from .indice import estados_al_corte

    pids = {informe.periodo for _, informe in informes}
    if any(c.tipo == "periodo" for c in cargas) or len(pids) != 1:
        return None
    (pid,) = pids
    citados = {s.acuerdo for _, informe in informes for s in informe.seguimiento}
    estados = estados_al_corte(datos, pid, catalogos_de(datos), citados, incluido=False)
    if estados is None:
        return None
    for p in sorted({pid, *(c.registro.periodo for c in cargas if c.tipo == "federal" and c.registro)}):
        if p not in periodos and (registro := periodo_de(datos, p)) is not None:
            periodos[p] = registro
    return {pid: estados}


def _revisar_seguimiento(informe: InformeJLE, estados: dict, catalogos=None) -> list[Problema]:
    problemas = []
    vistos: dict[str, int] = {}
    for s in informe.seguimiento:
        if s.acuerdo in vistos:
            problemas.append(problema(informe.archivo, s.linea, None, "seguimiento-duplicado",
                                      f"El acuerdo {s.acuerdo} ya tiene seguimiento en la línea {vistos[s.acuerdo]}."))
            continue
        vistos[s.acuerdo] = s.linea
        prefijo = s.acuerdo.split("-", 1)[0]
        if prefijo != informe.entidad and prefijo in cat.POR_ABREVIATURA:
            problemas.append(problema(informe.archivo, s.linea, None, "seguimiento-otra-entidad",
                                      f"El acuerdo {s.acuerdo} es de {cat.POR_ABREVIATURA[prefijo].corto}, "
                                      f"no de {cat.POR_ABREVIATURA[informe.entidad].corto}.",
                                      "Reporte solo el seguimiento de los acuerdos de su entidad."))
            continue
        estado = estados.get(s.acuerdo)
        if estado is None:
            problemas.append(problema(informe.archivo, s.linea, None, "seguimiento-desconocido",
                                      f"No hay un acuerdo {s.acuerdo} en los periodos anteriores a {informe.periodo}.",
                                      "Copie el identificador de la plantilla del periodo (`informe plantilla`)."))
            continue
        rangos = (catalogos if isinstance(catalogos, cat.Catalogos) else cat.BASE).rangos()
        antes = rangos.get(estado.estatus or "", -1)
        if rangos.get(s.estatus, antes) < antes:
            problemas.append(problema(informe.archivo, s.linea, None, "estatus-retroceso",
                                      f"El acuerdo {s.acuerdo} pasa de «{estado.estatus}» (reportado en "
                                      f"{estado.actualizado}) a «{s.estatus}».",
                                      "Confirme que el estatus en verdad retrocedió."))
    return problemas


def _revisar_federal(federal: Federal, periodo: Periodo | None) -> list[Problema]:
    """Una reunión federal fuera del periodo no es del periodo: el informe no la lista, y se dice aquí con
    su línea y columna. Las tablas (reuniones e historico) van en orden de fecha."""
    problemas = []
    for r in federal.reuniones or []:
        if periodo is not None and r.fecha > periodo.fin:
            problemas += [problema(p.archivo, p.linea, r.columna, p.codigo, p.mensaje, p.sugerencia)
                          for p in _fuera_de_periodo(federal.archivo, r.linea, "Reunión federal", r.fecha, periodo)]
        elif periodo is not None and r.fecha < periodo.inicio:
            problemas.append(problema(
                federal.archivo, r.linea, r.columna, "federal-fuera-de-periodo",
                f"La reunión federal «{_corto(r.nombre)}» del {r.fecha.isoformat()} es anterior al inicio del periodo "
                f"{periodo.id} ({periodo.inicio.isoformat()}): el informe no la lista entre las del periodo.",
                "Confirme la fecha con la fuente. Si la fuente se equivoca, escriba la fecha correcta y, en "
                "«correccion», la publicada y el motivo; si es de otro periodo, muévala a su federal.yaml."))
    return problemas + _revisar_orden(federal.archivo, federal.reuniones) + _revisar_orden(federal.archivo, federal.historico)


def _corto(texto: str, largo: int = 40) -> str:
    return texto if len(texto) <= largo else texto[:largo - 1] + "…"


def _revisar_orden(archivo: str, reuniones: list | None) -> list[Problema]:
    problemas = []
    anterior = None
    for r in reuniones or []:
        if anterior is not None and r.fecha < anterior:
            problemas.append(problema(archivo, r.linea, r.columna, "fecha-desordenada",
                                      f"La reunión del {r.fecha.isoformat()} aparece después de la del "
                                      f"{anterior.isoformat()}.",
                                      "Confirme la fecha con la fuente; si es correcta, ordene las filas."))
        anterior = r.fecha
    return problemas


def _revisar_textos(leidos: list, problemas: list[Problema], catalogos=None) -> list[Problema]:
    from .agregar import forma_textos

    # un texto puede citar la cifra de un estatus que agrega el proceso (r.acuerdos.por_estatus["Cancelado"])
    forma = forma_textos(catalogos if isinstance(catalogos, cat.Catalogos) else None)
    return problemas + [p for t in leidos for p in textos.revisar(t, forma)]


def _revisar_publicado(periodo: Periodo, informes: list[InformeJLE], catalogos=None) -> list[Problema]:
    """Si un periodo trae cifras publicadas y también filas de las JLE, deben decir lo mismo."""
    from .agregar import agregar_acuerdos, agregar_mesas, agregar_reuniones, agregar_temas

    pub = periodo.publicado
    informes = sorted(informes, key=lambda i: cat.ORDEN_ENTIDAD.get(i.entidad, 99))
    reuniones = agregar_reuniones(informes, periodo)
    acuerdos, _ = agregar_acuerdos(informes, catalogos if isinstance(catalogos, cat.Catalogos) else None)
    temas = agregar_temas(informes)
    mesas = agregar_mesas({i.entidad: i.mesa for i in informes if i.mesa is not None}, periodo.fin)
    comparaciones = [
        ("reuniones", pub.reuniones, reuniones["total"]),
        ("entidades", pub.entidades, reuniones["entidades"]),
        ("asistentes", (pub.asistentes_min, pub.asistentes_max) if pub.asistentes_min is not None else None,
         (reuniones["asistentes_min"], reuniones["asistentes_max"]) if reuniones["asistentes_min"] is not None else None),
        ("acuerdos", pub.acuerdos, acuerdos["por_estatus"] if acuerdos["total"] is not None else None),
        ("jle_incorporadas", pub.jle_incorporadas, mesas["instaladas"] if mesas["fechas"] else None),
    ]
    problemas = []
    for clave, publicado, filas in comparaciones:
        if publicado is not None and filas is not None and publicado != filas:
            problemas.append(problema(periodo.archivo, pub.lineas.get(clave, pub.linea), None, "publicado-no-cuadra",
                                      f"publicado.{clave}: la cifra publicada ({_cifra(publicado)}) no coincide con "
                                      f"la que dan los archivos de las JLE ({_cifra(filas)}).",
                                      "Corrija la cifra publicada o los archivos; el informe no puede decir las dos."))
    if pub.temas is not None and temas["porcentajes"] is not None:
        distintos = [t for t in cat.tipos_tema() if abs(pub.temas[t] - temas["porcentajes"][t]) > 0.1]
        if distintos:
            problemas.append(problema(periodo.archivo, pub.lineas.get("temas", pub.linea), None, "publicado-no-cuadra",
                                      "publicado.temas: los porcentajes publicados no coinciden con los de los archivos "
                                      f"de las JLE en {', '.join(distintos)}.",
                                      "Corrija los porcentajes publicados o los temas de los archivos."))
    return problemas


def _cifra(valor) -> str:
    if isinstance(valor, dict):
        return ", ".join(f"{k}: {v}" for k, v in valor.items() if v or k != cat.SIN_ESTATUS)
    if isinstance(valor, tuple):
        return f"de {valor[0]} a {valor[1]}"
    return str(valor)
