"""Las reglas de la familia de seguridad que un archivo no puede saber de sí mismo, registradas en `REGLAS`.

La carga ya reporta la sintaxis y los tipos de cada archivo, y el núcleo los textos del analista
(`informe/reglas.py`). Aquí se revisan las relaciones: periodo contra carpeta, fechas contra el periodo,
una entidad por periodo, el seguimiento contra la historia de acuerdos en `--datos`, las cifras
publicadas contra las filas y la serie de periodos. Cada regla es una función del contexto con su
identificador, sus códigos y su docstring (docs/validacion.md los lista); corren en este orden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from shlex import quote

from ..almacen import ids_de_periodo, nombre_visible
from ..cargar import Carga, periodo_de_carpeta
from ..problemas import Problema, problema
from ..reglas import Registro, Revision
from . import catalogos as cat
from .almacen import DatosPeriodo, cargar_datos, recorrer
from .modelo import Federal, InformeJLE, Periodo
from .periodos import revisar_serie


@dataclass
class Historia:
    """Lo que varias reglas leen de la historia en `--datos`, calculado una vez."""
    periodos: dict[str, Periodo]  # los que se validan y los de la historia
    datos: dict[str, DatosPeriodo]  # lo leído de la historia, con los archivos que se validan en lugar de los suyos
    citados: dict[str, dict] | None  # del índice: periodo → estado al corte de los acuerdos que cita su seguimiento


@dataclass
class RevisionSeguridad(Revision):
    @cached_property
    def informes(self) -> list[tuple[Path, InformeJLE]]:
        return self.de_tipo("jle")

    @cached_property
    def historia(self) -> Historia:
        """Los periodos y los acuerdos anteriores: del índice si basta (`_con_indice`), si no, leídos."""
        informes = self.informes
        periodos: dict[str, Periodo] = {r.id: r for _, r in self.de_tipo("periodo")}
        validados = sorted({i.periodo for _, i in informes} | {r.periodo for _, r in self.de_tipo("federal")})
        leidos: dict[str, DatosPeriodo] = {}
        citados = None
        if validados and self.datos is not None:
            citados = _con_indice(informes, self.cargas, self.datos, periodos)
            if citados is None:
                previas = {r.resolve(): c for r, c in zip(self.archivos, self.cargas)}
                leidos = dict(cargar_datos(self.datos, hasta=validados[-1], cargas_previas=previas).periodos)
                for pid, dp in leidos.items():
                    if dp.periodo is not None:
                        periodos.setdefault(pid, dp.periodo)
        # Los archivos que se validan sustituyen, en la historia, a los de su entidad y periodo.
        for _, informe in informes:
            leidos.setdefault(informe.periodo, DatosPeriodo(informe.periodo)).jle[informe.entidad] = informe
        return Historia(periodos, leidos, citados)


REGLAS = Registro("seguridad", RevisionSeguridad)

QUE_NO_SE_CUENTE_DOS_VECES = "el informe contaría el dato en un periodo que no es el suyo"


@REGLAS.regla("periodo-de-la-carpeta", "periodo-distinto", fijos={"periodo-distinto": QUE_NO_SE_CUENTE_DOS_VECES})
def periodo_de_la_carpeta(contexto: RevisionSeguridad):
    """El periodo que dice el archivo de una JLE es el de la carpeta en que está."""
    for ruta, informe in contexto.informes:
        yield from _revisar_carpeta(ruta, informe)


@REGLAS.regla("una-entidad-por-periodo", "entidad-duplicada",
              fijos={"entidad-duplicada": "el informe contaría dos veces a la entidad"})
def una_entidad_por_periodo(contexto: RevisionSeguridad):
    """Un solo archivo por entidad y periodo."""
    return _revisar_duplicados([i for _, i in contexto.informes])


@REGLAS.regla("fechas-del-periodo", "periodo-desconocido", "fecha-posterior", "fecha-anterior",
              fijos={"fecha-posterior": QUE_NO_SE_CUENTE_DOS_VECES})
def fechas_del_periodo(contexto: RevisionSeguridad):
    """Las fechas de la mesa, las reuniones y los acuerdos de una JLE caen en su periodo (lo anterior al
    inicio es un reporte tardío); sin periodo.yaml no se pueden revisar, y se dice."""
    for _, informe in contexto.informes:
        periodo = contexto.historia.periodos.get(informe.periodo)
        if periodo is None and contexto.datos is None:
            # un archivo suelto, fuera de toda carpeta de datos: no se revisa contra la historia de otra
            yield problema(informe.archivo, informe.lineas.get("periodo"), None, "periodo-desconocido",
                           "El archivo no está en una carpeta de datos: no se conoce la historia de su periodo "
                           f"({informe.periodo}), y no se revisan sus fechas ni su seguimiento.",
                           f"Para revisarlos, indique la carpeta de datos: informe validar {quote(informe.archivo)} "
                           "--datos CARPETA")
        elif periodo is None:
            yield problema(informe.archivo, informe.lineas.get("periodo"), None, "periodo-desconocido",
                           f"No hay periodo.yaml para {informe.periodo}: no se revisan las fechas.",
                           "Indique --datos con la carpeta que contiene los periodos.")
        else:
            yield from _revisar_fechas_jle(informe, periodo)


@REGLAS.regla("reenvio-pendiente", "reenvio-pendiente")
def reenvios_pendientes(contexto: RevisionSeguridad):
    """El archivo guardado de una JLE cuyo reenvío posterior quitaría datos y espera confirmación (`recibir`
    lo anota en la bandeja del periodo): `estado`, `validar` y `compilar` dicen que se usa el anterior."""
    from .bandeja import leer

    bandejas: dict[Path, dict] = {}
    for ruta, informe in contexto.informes:
        if ruta.parent.name != "jle" or informe.entidad is None:
            continue
        carpeta = ruta.parent.parent
        ultimo = bandejas.setdefault(carpeta, leer(carpeta.parent, carpeta.name))["entidades"].get(informe.entidad)
        if not isinstance(ultimo, dict) or ultimo.get("estado") != "rechazado":
            continue
        nombre = cat.POR_ABREVIATURA[informe.entidad].corto
        motivo = ultimo.get("motivo") if isinstance(ultimo.get("motivo"), str) else "quitaría datos"
        yield problema(informe.archivo, informe.lineas.get("entidad"), None, "reenvio-pendiente",
                       f"{nombre} envió un reenvío que espera confirmación porque {motivo}: mientras tanto "
                       f"se usa su archivo anterior, {informe.archivo}.",
                       f"Si la JLE lo confirma, regístrelo con: informe recibir "
                       f"{nombre_visible(carpeta / 'pendientes' / (informe.entidad + '.yaml'))} -p {carpeta.name} "
                       "--reemplazar")


@REGLAS.regla("acuerdos-repetidos", "acuerdo-repetido")
def acuerdos_repetidos(contexto: RevisionSeguridad):
    """Dos acuerdos de un archivo no dicen el mismo texto (sin contar mayúsculas ni espacios)."""
    for _, informe in contexto.informes:
        yield from _revisar_repetidos(informe)


NO_SE_APLICARIA = "el informe no aplicaría ese seguimiento y el dato se perdería"


@REGLAS.regla("seguimiento", "seguimiento-duplicado", "seguimiento-otra-entidad", "seguimiento-desconocido",
              "estatus-retroceso", fijos=dict.fromkeys(("seguimiento-duplicado", "seguimiento-otra-entidad",
                                                        "seguimiento-desconocido"), NO_SE_APLICARIA))
def seguimiento(contexto: RevisionSeguridad):
    """El seguimiento de una JLE cita, una vez cada uno, acuerdos de su entidad que existen en los periodos
    anteriores, y su estatus no retrocede sin decirlo. El estado de los acuerdos al corte del periodo
    anterior sale del índice de la historia o de recorrerla una vez para todos los periodos validados."""
    historia = contexto.historia
    if historia.citados is not None:
        for _, informe in contexto.informes:
            yield from _revisar_seguimiento(informe, historia.citados[informe.periodo], contexto.lectura)
        return
    por_periodo: dict[str, list[InformeJLE]] = {}
    for _, informe in contexto.informes:
        por_periodo.setdefault(informe.periodo, []).append(informe)
    for dp, estados in recorrer(historia.datos.values()):
        for informe in por_periodo.get(dp.id, []):
            yield from _revisar_seguimiento(informe, estados, contexto.lectura)


@REGLAS.regla("ejemplo-sin-cambiar", "ejemplo-sin-cambiar",
              fijos={"ejemplo-sin-cambiar": "el informe imprimiría el ejemplo de la plantilla como un dato"})
def ejemplo_sin_cambiar(contexto: RevisionSeguridad):
    """Un tema, una medida o un acuerdo no es el texto de ejemplo de la plantilla, descomentado tal cual."""
    from .formulario import TEXTOS_DE_EJEMPLO

    for _, informe in contexto.informes:
        textos = [(t.linea, t.descripcion) for r in informe.reuniones or [] for t in r.temas or []]
        textos += [(m.linea, m.descripcion) for m in informe.medidas or []]
        textos += [(a.linea, a.descripcion) for a in informe.acuerdos]
        for linea, texto in textos:
            if texto is not None and " ".join(texto.split()) in TEXTOS_DE_EJEMPLO:
                yield problema(informe.archivo, linea, None, "ejemplo-sin-cambiar",
                               f"«{texto}» es el texto de ejemplo de la plantilla, sin cambiar.",
                               "Escriba lo que de verdad se trató o se hizo, o borre el elemento.")


@REGLAS.regla("asistentes-cero", "asistentes-cero")
def asistentes_cero(contexto: RevisionSeguridad):
    """Una reunión con 0 asistentes: no hubo reunión o falta el número."""
    for _, informe in contexto.informes:
        for r in informe.reuniones or []:
            if r.asistentes == 0:
                yield problema(informe.archivo, r.linea, None, "asistentes-cero",
                               f"La reunión del {r.fecha.isoformat()} tiene 0 asistentes: no hubo reunión "
                               "o falta el número.",
                               "Escriba cuántas personas asistieron, o borre la reunión si no se celebró.")


@REGLAS.regla("reuniones-sin-mesa", "reuniones-sin-mesa",
              fijos={"reuniones-sin-mesa": "el informe contaría las reuniones de una JLE y, en la misma página, "
                                           "diría que no se ha incorporado a su mesa"})
def reuniones_sin_mesa(contexto: RevisionSeguridad):
    """Una JLE que reporta reuniones no dice a la vez que aún no se incorpora a la mesa de su entidad (una
    reunión anterior a la fecha de instalación sí puede ser: la JLE asistió antes de incorporarse)."""
    for _, informe in contexto.informes:
        if informe.reuniones and informe.mesa is not None and informe.mesa.instalada is None:
            primera = min(r.fecha for r in informe.reuniones)
            yield problema(informe.archivo, informe.mesa.linea, None, "reuniones-sin-mesa",
                           f"El archivo reporta {len(informe.reuniones)} reuniones desde el {primera.isoformat()}, "
                           "pero «mesa» dice que la JLE aún no se incorpora a la Mesa de Coordinación.",
                           "Escriba en mesa.instalada la fecha en que la JLE se incorporó, o corrija las "
                           "reuniones.")


@REGLAS.regla("mesa-sin-respuesta", "mesa-sin-respuesta")
def mesa_sin_respuesta(contexto: RevisionSeguridad):
    """Una JLE que reporta reuniones sin contestar «mesa», y de la que ningún informe anterior registra la
    instalación: el informe no sabría decir si está incorporada (se consulta la historia en `--datos`)."""
    if contexto.datos is None:
        return []
    return _revisar_mesas_sin_respuesta([i for _, i in contexto.informes], contexto.datos, contexto.lectura)


@REGLAS.regla("reuniones-federales", "fecha-posterior", "fecha-anterior", "federal-fuera-de-periodo",
              fijos={"fecha-posterior": QUE_NO_SE_CUENTE_DOS_VECES})
def reuniones_federales(contexto: RevisionSeguridad):
    """Una reunión federal fuera del periodo no es del periodo: el informe no la lista, y se dice aquí con
    su línea y columna."""
    for _, federal in contexto.de_tipo("federal"):
        yield from _revisar_federal(federal, contexto.historia.periodos.get(federal.periodo))


@REGLAS.regla("fechas-en-orden", "fecha-desordenada")
def fechas_en_orden(contexto: RevisionSeguridad):
    """Las tablas de federal.yaml (`reuniones` e `historico`) van en orden de fecha."""
    for _, federal in contexto.de_tipo("federal"):
        yield from _revisar_orden(federal.archivo, federal.reuniones)
        yield from _revisar_orden(federal.archivo, federal.historico)


@REGLAS.regla("serie-de-periodos", "importar-incompleto", "periodo-incompleto", "periodo-serie",
              fijos={"importar-incompleto": "faltarían entidades de la importación",
                     "periodo-incompleto": "el periodo no existe para el informe",
                     "periodo-serie": "el número y las fechas de cada informe saldrían de una serie que se contradice"})
def serie_de_periodos(contexto: RevisionSeguridad):
    """Los periodos de cada carpeta de datos a la que pertenece un periodo.yaml que se valida forman una
    serie (sin números repetidos ni fechas traslapadas), cada carpeta tiene su periodo.yaml y ninguna
    importación quedó a medias."""
    por_ruta = {r.resolve(): c for r, c in zip(contexto.archivos, contexto.cargas)}
    validados = {c.archivo for c in contexto.cargas}
    for raiz in sorted({r.resolve().parent.parent for r, _ in contexto.de_tipo("periodo")}):
        serie = []
        for pid in ids_de_periodo(raiz):
            yield from _importaciones_interrumpidas(raiz, pid)
            ruta = raiz / pid / "periodo.yaml"
            if not ruta.exists():
                yield problema(nombre_visible(raiz / pid), None, None, "periodo-incompleto",
                               f"La carpeta del periodo {pid} no tiene periodo.yaml.",
                               "Si `informe periodo nuevo` se interrumpió, repítalo: termina de abrirlo. "
                               "Si no, escriba su periodo.yaml o quite la carpeta.")
            if ruta.is_file():
                carga = por_ruta.get(ruta.resolve()) or contexto.familia.cargar(ruta, nombre_visible(ruta), contexto.lectura)
                if isinstance(carga.registro, Periodo):
                    serie.append(carga.registro)
        yield from (p for p in revisar_serie(serie) if p.archivo in validados)


def _importaciones_interrumpidas(raiz: Path, pid: str) -> list[Problema]:
    problemas = []
    for marca in sorted((raiz / pid).glob(".importando-*")):
        try:
            orden = marca.read_text(encoding="utf-8", errors="replace").strip()[:300]
        except OSError:
            orden = "informe importar …"
        problemas.append(problema(nombre_visible(marca), None, None, "importar-incompleto",
                                  f"Una importación en {pid} se interrumpió antes de terminar: algunas "
                                  "entidades pueden faltar.",
                                  f"Repita la orden para completarla: {orden}"))
    return problemas


@REGLAS.regla("cifras-publicadas", "publicado-no-cuadra",
              fijos={"publicado-no-cuadra": "el informe no puede decir las dos cifras"})
def cifras_publicadas(contexto: RevisionSeguridad):
    """Si un periodo trae cifras publicadas y también filas de las JLE, dicen lo mismo."""
    for _, periodo in contexto.de_tipo("periodo"):
        dp = contexto.historia.datos.get(periodo.id)
        if dp is not None and periodo.publicado is not None:
            yield from _revisar_publicado(periodo, list(dp.jle.values()), contexto.lectura)


@REGLAS.regla("omisiones", "apartado-omitido")
def omisiones(contexto: RevisionSeguridad):
    """Lo que el informe de un periodo que se valida no incluirá, y por qué (solo si las reglas anteriores
    no dieron errores: con errores no se compila)."""
    from .informe import omisiones as del_periodo

    if any(p.severidad == "error" for p in contexto.problemas):
        return
    for ruta, periodo in contexto.de_tipo("periodo"):
        yield from del_periodo(ruta.resolve().parent.parent, periodo.id, periodo.archivo)


@REGLAS.regla("cifras-en-textos", "texto-cifra-literal", "texto-cifra-distinta")
def cifras_en_textos(contexto: RevisionSeguridad):
    """Cada número que la redacción del analista escribe a mano (textos del periodo y textos fijos del
    proceso) contra las cifras del periodo: igual a una cifra, advertencia que nombra la expresión que
    podría citarla; junto al nombre de una cifra («88 reuniones») y distinto de ella, error con su línea y
    columna. Es lo que evita que un dato corregido deje una frase vieja (solo si las reglas anteriores no
    dieron errores: las cifras no se pueden calcular)."""
    from .informe import cifras_en_textos as del_periodo

    if any(p.severidad == "error" for p in contexto.problemas):
        return
    for ruta, periodo in contexto.de_tipo("periodo"):
        yield from del_periodo(ruta.resolve().parent.parent, periodo.id)


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
    from ..renderizar import rango_fechas

    # el rango con el nombre del mes («del 24 de enero al 23 de febrero de 2024»): leído en México, un
    # 2024-02-01 junto a otro no se confunde, pero el día y el mes con letra no piden pensar el orden
    rango = rango_fechas(periodo.inicio, periodo.fin)
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
    rangos = _catalogos(catalogos).rangos()
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
    return problemas


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


def _catalogos(catalogos) -> cat.Catalogos:
    """Los catálogos con que se leyeron los archivos (los del proceso, con sus estatus agregados); sin ellos, los de base."""
    return catalogos if isinstance(catalogos, cat.Catalogos) else cat.BASE


def _revisar_publicado(periodo: Periodo, informes: list[InformeJLE], catalogos=None) -> list[Problema]:
    """Cada cifra publicada contra la que dan las filas de las JLE, y los porcentajes de temas."""
    from .agregar import agregar_temas

    pub = periodo.publicado
    informes = sorted(informes, key=lambda i: cat.ORDEN_ENTIDAD.get(i.entidad, 99))
    problemas = []
    for clave, publicado, filas in _comparaciones(periodo, informes, catalogos):
        if publicado is not None and filas is not None and publicado != filas:
            problemas.append(problema(periodo.archivo, pub.lineas.get(clave, pub.linea), None, "publicado-no-cuadra",
                                      f"publicado.{clave}: la cifra publicada ({_cifra(publicado)}) no coincide con "
                                      f"la que dan los archivos de las JLE ({_cifra(filas)}).",
                                      "Corrija la cifra publicada o los archivos; el informe no puede decir las dos."))
    porcentajes = agregar_temas(informes)["porcentajes"]
    distintos = [t for t in cat.tipos_tema() if abs(pub.temas[t] - porcentajes[t]) > 0.1] \
        if pub.temas is not None and porcentajes is not None else []
    if distintos:
        problemas.append(problema(periodo.archivo, pub.lineas.get("temas", pub.linea), None, "publicado-no-cuadra",
                                  "publicado.temas: los porcentajes publicados no coinciden con los de los archivos "
                                  f"de las JLE en {', '.join(distintos)}.",
                                  "Corrija los porcentajes publicados o los temas de los archivos."))
    return problemas


def _comparaciones(periodo: Periodo, informes: list[InformeJLE], catalogos=None) -> list[tuple[str, object, object]]:
    """(clave, cifra publicada, la que dan las filas): None donde una de las dos no se tiene."""
    from .agregar import agregar_acuerdos, agregar_mesas, agregar_reuniones

    pub = periodo.publicado
    reuniones = agregar_reuniones(informes, periodo)
    acuerdos, _ = agregar_acuerdos(informes, _catalogos(catalogos))
    mesas = agregar_mesas({i.entidad: i.mesa for i in informes if i.mesa is not None}, periodo.fin)
    def par(minimo, maximo):
        return (minimo, maximo) if minimo is not None else None

    return [
        ("reuniones", pub.reuniones, reuniones["total"]),
        ("entidades", pub.entidades, reuniones["entidades"]),
        ("asistentes", par(pub.asistentes_min, pub.asistentes_max),
         par(reuniones["asistentes_min"], reuniones["asistentes_max"])),
        ("acuerdos", pub.acuerdos, acuerdos["por_estatus"] if acuerdos["total"] is not None else None),
        ("jle_incorporadas", pub.jle_incorporadas, mesas["instaladas"] if mesas["fechas"] else None),
    ]


def _cifra(valor) -> str:
    if isinstance(valor, dict):
        return ", ".join(f"{k}: {v}" for k, v in valor.items() if v or k != cat.SIN_ESTATUS)
    if isinstance(valor, tuple):
        return f"de {valor[0]} a {valor[1]}"
    return str(valor)
