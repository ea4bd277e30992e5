"""Agregación: funciones puras que convierten los registros de un periodo en las cifras del informe.

Ninguna cifra se escribe a mano en una plantilla: todas salen de aquí. Lo que
ninguna fuente reporta queda en `None` («no reportado»), nunca en 0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date

from . import catalogos as cat
from .almacen import DatosPeriodo, EstadoAcuerdo, corte_de
from .formato import campos_propios
from .modelo import InformeJLE, Mesa, Periodo, Publicado, ReunionFederal

def por_estatus(estatus: list[str | None], catalogos: cat.Catalogos | None = None) -> dict[str, int]:
    """Conteo con una clave por estatus del catálogo, siempre presentes y en su orden; lo que no trae
    estatus cuenta en el comodín («Sin estatus»)."""
    catalogos = catalogos or cat.BASE
    conteo = Counter(e or catalogos.sin_estatus.nombre for e in estatus)
    return {k: conteo.get(k, 0) for k in catalogos.claves()}


def porcentajes(conteos: dict[str, int], decimales: int = 1) -> dict[str, float]:
    """Porcentajes redondeados que suman exactamente 100 (método del mayor residuo)."""
    total = sum(conteos.values())
    if total == 0:
        return {k: 0.0 for k in conteos}
    escala = 10 ** decimales
    exactos = {k: v * 100 * escala / total for k, v in conteos.items()}
    base = {k: int(x) for k, x in exactos.items()}
    faltan = 100 * escala - sum(base.values())
    # desempate estable: mayor residuo, luego el orden del catálogo
    orden = sorted(conteos, key=lambda k: -(exactos[k] - base[k]))
    for k in orden[:faltan]:
        base[k] += 1
    return {k: base[k] / escala for k in conteos}


@dataclass(slots=True)
class FilaDeAnexo:
    id: str
    entidad: str  # nombre corto
    descripcion: str
    # como se publicó: el estatus, la palabra de la fuente fuera del catálogo («Se informa») o vacío. La
    # lectura «Sin estatus» es de las cifras y de las notas, no de la celda.
    estatus: str
    propios: list[str] = field(default_factory=list)  # los campos propios del acuerdo, en el orden de formato.py


@dataclass(slots=True)
class GrupoEntidad:
    entidad: str
    filas: list


@dataclass
class Resumen:
    periodo: str
    numero: int
    ordinal: str
    ultimo: bool
    inicio: date
    fin: date
    supuestos: list[str]
    corte_estatal: date  # corte de la información de las JLE (el fin del periodo si no se declara otro)
    federal: list[ReunionFederal] | None
    mesas: dict
    reuniones: dict
    temas: dict
    acuerdos: dict
    acuerdos_anteriores: dict
    medidas: dict
    solicitudes: dict | None
    anexo_acuerdos: list[GrupoEntidad] = field(default_factory=list)
    anexo_medidas: list[GrupoEntidad] = field(default_factory=list)
    federal_historico: list[ReunionFederal] = field(default_factory=list)
    origen: str = "jle"
    fechas_supuestas: bool = False  # inicio y fin no constan en las fuentes: el informe no los imprime
    correcciones: list[str] = field(default_factory=list)
    federal_archivo: str | None = None  # federal.yaml del periodo, si lo hay
    fuera_de_periodo: list[ReunionFederal] = field(default_factory=list)  # reuniones federales que no son del periodo
    mesa_federal: str | None = None  # el nombre de la Mesa de Seguridad Electoral, si la fuente lo da
    # la etiqueta de cada campo propio de un acuerdo (formato.campos_propios): una columna más del anexo
    columnas_propias: list[str] = field(default_factory=list)
    # los registros de estatus del proceso, en el orden del informe: las frases, la gráfica y las tablas los
    # recorren (no es una cifra: `como_json` no lo lleva)
    catalogo_estatus: tuple[cat.Estatus, ...] = field(default_factory=lambda: cat.BASE.registros)

    def como_json(self) -> dict:
        """La forma documentada y estable de `informe resumen --formato json`."""
        return {
            "periodo": self.periodo,
            "numero": self.numero,
            "titulo": self.ordinal,
            "ultimo": self.ultimo,
            "inicio": self.inicio.isoformat(),
            "fin": self.fin.isoformat(),
            "corte_estatal": self.corte_estatal.isoformat(),
            "federal": None if self.federal is None else {
                "reuniones": len(self.federal),
                "fechas": [r.fecha.isoformat() for r in self.federal]},
            "mesas": self.mesas,
            "reuniones": self.reuniones,
            "temas": self.temas,
            "acuerdos": self.acuerdos,
            "acuerdos_anteriores": self.acuerdos_anteriores,
            "medidas": self.medidas,
            "solicitudes": self.solicitudes,
        }


def _nombre(abreviatura: str) -> str:
    return cat.POR_ABREVIATURA[abreviatura].corto


def _en_orden(informes: dict[str, InformeJLE]) -> list[InformeJLE]:
    return sorted(informes.values(), key=lambda i: cat.ORDEN_ENTIDAD[i.entidad])


def agregar_mesas(mesas: dict[str, Mesa], fin: date) -> dict:
    instaladas, no_instaladas, no_reportado = [], [], []
    for e in cat.ENTIDADES:
        mesa = mesas.get(e.abreviatura)
        if mesa is None:
            no_reportado.append(e.corto)
        elif mesa.instalada is None or mesa.instalada > fin:
            no_instaladas.append(e.corto)
        else:
            instaladas.append({"entidad": e.corto, "fecha": mesa.instalada.isoformat()})
    instaladas.sort(key=lambda x: x["fecha"])  # orden estable: empate → orden del catálogo
    return {"instaladas": len(instaladas) if mesas else None, "no_instaladas": no_instaladas, "no_reportado": no_reportado,
            "fechas": instaladas}


def agregar_reuniones(informes: list[InformeJLE], periodo: Periodo) -> dict:
    reportan = [i for i in informes if i.reuniones is not None]
    if not reportan:
        return {"total": None, "entidades": None, "asistentes_min": None, "asistentes_max": None,
                "asistentes": [], "por_entidad": {}, "tardias": [], "no_reportado": [e.corto for e in cat.ENTIDADES]}
    por_entidad = {_nombre(i.entidad): _por_modalidad(i.reuniones) for i in reportan if i.reuniones}
    asistentes = [r.asistentes for _, r in _reuniones(reportan) if r.asistentes is not None]
    con_dato = {i.entidad for i in reportan}
    return {
        "total": sum(sum(v.values()) for v in por_entidad.values()),
        "entidades": len(por_entidad),
        "asistentes_min": min(asistentes) if asistentes else None,
        "asistentes_max": max(asistentes) if asistentes else None,
        "asistentes": asistentes,
        "por_entidad": por_entidad,
        "tardias": _tardias(reportan, periodo),
        "no_reportado": [e.corto for e in cat.ENTIDADES if e.abreviatura not in con_dato],
    }


def _reuniones(informes: list[InformeJLE]):
    """(informe, reunión) de cada reunión reportada, en el orden de los informes y de sus filas."""
    return ((i, r) for i in informes for r in i.reuniones or [])


def _tardias(informes: list[InformeJLE], periodo: Periodo) -> list[dict]:
    """Las reuniones anteriores al inicio del periodo: reportes tardíos (el informe las dice en una nota)."""
    return [{"entidad": _nombre(i.entidad), "fecha": r.fecha.isoformat(), "reportada": None}
            for i, r in _reuniones(informes) if r.fecha < periodo.inicio]


def _por_modalidad(reuniones) -> dict[str, int]:
    """Reuniones por modalidad, con todas las del catálogo y «no reportada» al final."""
    sin = cat.modalidad_no_reportada().nombre
    conteo = Counter(r.modalidad or sin for r in reuniones)
    return {m: conteo.get(m, 0) for m in (*cat.modalidades(), sin)}


def agregar_temas(informes: list[InformeJLE]) -> dict:
    conteo = Counter(t.tipo for i in informes for r in (i.reuniones or []) for t in (r.temas or []))
    if not conteo:
        return {"total": None, "por_tipo": None, "porcentajes": None}
    por_tipo = {t: conteo.get(t, 0) for t in cat.tipos_tema()}
    return {"total": sum(por_tipo.values()), "por_tipo": por_tipo, "porcentajes": porcentajes(por_tipo)}


def _celda_estatus(registro) -> str:
    return registro.estatus_publicado or registro.estatus or ""


def agregar_acuerdos(informes: list[InformeJLE], catalogos: cat.Catalogos | None = None
                     ) -> tuple[dict, list[GrupoEntidad]]:
    catalogos = catalogos or cat.BASE
    informes = [i for i in informes if i.acuerdos_reportados]
    if not informes:  # ninguna JLE reportó acuerdos en el periodo: no es «0 acuerdos»
        return {"total": None, "por_estatus": {k: None for k in catalogos.claves()}, "por_entidad": {}}, []
    anexo = []
    por_entidad = {}
    todos: list[str | None] = []
    for i in informes:
        if not i.acuerdos:
            continue
        nombre = _nombre(i.entidad)
        filas = [FilaDeAnexo(a.id, nombre, a.descripcion, _celda_estatus(a), _propios(a)) for a in i.acuerdos]
        anexo.append(GrupoEntidad(nombre, filas))
        estatus = [a.estatus for a in i.acuerdos]
        todos += estatus
        por_entidad[nombre] = {"total": len(estatus), "por_estatus": por_estatus(estatus, catalogos)}
    return {"total": len(todos), "por_estatus": por_estatus(todos, catalogos), "por_entidad": por_entidad}, anexo


def _propios(acuerdo) -> list[str]:
    """Los campos propios de un acuerdo como celdas del anexo ("" si no los trae)."""
    return [str(v) if (v := acuerdo.propios.get(c.nombre)) is not None else "" for c in campos_propios()]


def _sumar(destino: dict[str, int], conteo: dict[str, int], claves: tuple[str, ...]) -> None:
    for k in claves:
        destino[k] = destino.get(k, 0) + conteo.get(k, 0)


def agregar_anteriores(estados: dict[str, EstadoAcuerdo], periodos: dict[str, DatosPeriodo], pid: str,
                       con_filas: set[str], catalogos: cat.Catalogos | None = None) -> dict:
    """Los acuerdos de informes anteriores, diciendo solo lo que se sabe al corte de `pid`.

    - `al_corte`: estatus reportado en este periodo (su `seguimiento`) más el saldo que este
      periodo declara de acuerdos que no están en el sistema.
    - `arrastrados`: acuerdos sin reporte nuevo, agrupados por el informe del que viene su último
      estatus (acuerdos del sistema, saldos declarados en informes anteriores y acuerdos que otro
      informe publicó solo en agregado). Ninguno se pierde del total.
    """
    catalogos = catalogos or cat.BASE
    claves = catalogos.claves()
    periodo = periodos[pid].periodo
    previos = [e for e in estados.values() if e.periodo < pid]
    al_corte, arrastrados = _por_ultimo_reporte(previos, pid, claves, catalogos.sin_estatus.nombre)
    if periodo.saldo_anterior is not None:
        _sumar(al_corte, periodo.saldo_anterior, claves)
    else:
        _arrastrar_saldos(arrastrados, periodos, pid, con_filas, claves)
    if not previos and not al_corte and not arrastrados:
        # ni el sistema ni los periodos dicen nada de informes anteriores: no es 0, es «no reportado»
        return {"total": None, "por_estatus": None, "del_sistema": 0, "saldo_anterior": None, "desde": None,
                "al_corte": None, "arrastrados": [], "tomados": None, "sin_actualizar_consta": False}
    total: dict[str, int] = {}
    _sumar(total, al_corte, claves)
    grupos = []
    for p in sorted(arrastrados, reverse=True):  # el reporte más reciente primero
        _sumar(total, arrastrados[p], claves)
        origen = periodos[p].periodo
        grupos.append({"periodo": p, "numero": origen.numero, "ordinal": cat.ordinal(origen.numero),
                       "total": sum(arrastrados[p].values()), "por_estatus": arrastrados[p]})
    # «no se recibió una actualización» solo puede decirse si este periodo esperaba las entregas de las JLE
    # y las recibió: un periodo reconstruido de publicaciones no sabe qué se actualizó
    recibidas = periodo.origen == "jle" and bool(periodos[pid].jle)
    return {
        "total": sum(total.values()),
        "por_estatus": total,
        "sin_actualizar_consta": recibidas,
        "del_sistema": len(previos),
        "saldo_anterior": sum(periodo.saldo_anterior.values()) if periodo.saldo_anterior is not None else None,
        "desde": min((e.periodo for e in previos), default=None),
        "al_corte": {"total": sum(al_corte.values()), "por_estatus": al_corte} if al_corte else None,
        "arrastrados": grupos,
        "tomados": _tomados(periodo, previos),
    }


def _por_ultimo_reporte(previos: list[EstadoAcuerdo], pid: str, claves: tuple[str, ...], sin: str
                        ) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Los acuerdos del sistema por estatus: los reportados en `pid` (al corte) y los demás agrupados por
    el periodo de su último reporte. Con 24 periodos de historia son cientos de miles: se cuentan por
    (último reporte, estatus) y se suman los grupos, no un conteo por acuerdo."""
    al_corte: dict[str, int] = {}
    arrastrados: dict[str, dict[str, int]] = {}
    for (actualizado, estatus), n in sorted(Counter((e.actualizado, e.estatus or sin) for e in previos).items()):
        destino = al_corte if actualizado == pid else arrastrados.setdefault(actualizado, {})
        _sumar(destino, {estatus: n}, claves)
    return al_corte, arrastrados


def _arrastrar_saldos(arrastrados: dict[str, dict[str, int]], periodos: dict[str, DatosPeriodo], pid: str,
                      con_filas: set[str], claves: tuple[str, ...]) -> None:
    """Sin saldo propio, el saldo más reciente cubre todo lo anterior a él; después, lo que otros periodos
    publicaron solo en agregado (sin filas de las JLE)."""
    anteriores = [p for p in sorted(periodos) if p < pid and periodos[p].periodo is not None]
    con_saldo = [p for p in anteriores if periodos[p].periodo.saldo_anterior is not None]
    desde = con_saldo[-1] if con_saldo else None
    if desde is not None:
        _sumar(arrastrados.setdefault(desde, {}), periodos[desde].periodo.saldo_anterior, claves)
    for p in anteriores:
        pub = periodos[p].periodo.publicado
        sin_filas = p not in con_filas  # ninguna JLE dio filas de acuerdos ese periodo
        if (desde is None or p >= desde) and pub is not None and pub.acuerdos is not None and sin_filas:
            _sumar(arrastrados.setdefault(p, {}), pub.acuerdos, claves)


def _tomados(periodo: Periodo, previos: list[EstadoAcuerdo]) -> dict | None:
    """Entre qué fechas se tomaron los acuerdos del saldo, si el periodo lo declara y el sistema no los tiene."""
    if periodo.saldo_anterior is not None and not previos and periodo.saldo_desde and periodo.saldo_hasta:
        return {"desde": periodo.saldo_desde.isoformat(), "hasta": periodo.saldo_hasta.isoformat()}
    return None


def agregar_medidas(informes: list[InformeJLE], catalogos: cat.Catalogos | None = None
                    ) -> tuple[dict, list[GrupoEntidad]]:
    catalogos = catalogos or cat.BASE
    reportan = [i for i in informes if i.medidas is not None]
    if not reportan:
        return {"total": None, "por_estatus": None, "por_entidad": {}}, []
    anexo = []
    estatus = []
    por_entidad = {}
    for i in reportan:
        if not i.medidas:
            continue
        nombre = _nombre(i.entidad)
        anexo.append(GrupoEntidad(nombre, [FilaDeAnexo("", nombre, m.descripcion, _celda_estatus(m))
                                           for m in i.medidas]))
        estatus += [m.estatus for m in i.medidas]
        por_entidad[nombre] = len(i.medidas)
    return {"total": len(estatus), "por_estatus": por_estatus(estatus, catalogos), "por_entidad": por_entidad}, anexo


def con_publicado(pub: Publicado | None, mesas: dict, reuniones: dict, temas: dict, acuerdos: dict) -> None:
    """Donde ninguna JLE trae filas, las cifras que el informe publicó en agregado ocupan su lugar.

    Cada bloque dice de dónde viene (`fuente`): las plantillas lo presentan igual, y las gráficas
    que necesitan filas por entidad se sustituyen por una frase.
    """
    for bloque in (mesas, reuniones, temas, acuerdos):
        bloque.setdefault("fuente", "jle")
    if pub is None:
        return
    if mesas["instaladas"] is None and pub.jle_incorporadas is not None:
        mesas.update(instaladas=pub.jle_incorporadas, no_reportado=[], fechas=[], fuente="publicado",
                     no_instaladas=[_nombre(a) for a in pub.jle_no_incorporadas or []])
    if reuniones["total"] is None and pub.reuniones is not None:
        reuniones.update(total=pub.reuniones, entidades=pub.entidades, asistentes_min=pub.asistentes_min,
                         asistentes_max=pub.asistentes_max, asistentes=[], por_entidad={}, no_reportado=[],
                         tardias=list(pub.tardias), fuente="publicado")
    if temas["porcentajes"] is None and pub.temas is not None:
        temas.update(porcentajes=dict(pub.temas), fuente="publicado")
    if acuerdos["total"] is None and pub.acuerdos is not None:
        acuerdos.update(total=sum(pub.acuerdos.values()), por_estatus=dict(pub.acuerdos), fuente="publicado")


def resumir(periodos: dict[str, DatosPeriodo], pid: str, corte=None, catalogos: cat.Catalogos | None = None
            ) -> Resumen:
    """Todas las cifras del informe del periodo `pid`.

    `corte` (almacen.Corte al corte de `pid`): la historia de JLE ya resumida por el índice; sin él se
    calcula de los informes de `periodos`, que entonces deben estar todos leídos. `catalogos`: los del
    proceso (sus estatus son las claves de cada conteo por estatus)."""
    catalogos = catalogos or cat.BASE
    dp = periodos[pid]
    periodo = dp.periodo
    if periodo is None:
        raise ValueError(f"el periodo {pid} no tiene periodo.yaml")
    informes = _en_orden(dp.jle)
    acuerdos, anexo = agregar_acuerdos(informes, catalogos)
    medidas, anexo_medidas = agregar_medidas(informes, catalogos)
    for grupo in (*anexo, *anexo_medidas):  # el anexo nombra cada entidad como la nombra su fuente
        grupo.entidad = periodo.entidades_publicadas.get(grupo.entidad, grupo.entidad)
    corte = corte or corte_de(periodos.values(), pid)
    federal, fuera = _federal_del_periodo(dp, periodo)
    mesas = agregar_mesas(corte.mesas, periodo.fin)
    reuniones = agregar_reuniones(informes, periodo)
    temas = agregar_temas(informes)
    con_publicado(periodo.publicado, mesas, reuniones, temas, acuerdos)
    return Resumen(
        periodo=pid, numero=periodo.numero, ordinal=cat.ordinal(periodo.numero), ultimo=periodo.ultimo,
        inicio=periodo.inicio, fin=periodo.fin, supuestos=periodo.supuestos,
        corte_estatal=periodo.corte_estatal or periodo.fin,
        federal=federal,
        mesas=mesas,
        reuniones=reuniones,
        temas=temas,
        acuerdos=acuerdos,
        acuerdos_anteriores=agregar_anteriores(corte.estados, periodos, pid, corte.con_filas, catalogos),
        medidas=medidas,
        solicitudes=_solicitudes(dp),
        anexo_acuerdos=anexo,
        anexo_medidas=anexo_medidas,
        columnas_propias=[c.etiqueta or c.nombre for c in campos_propios()],
        federal_historico=_historico(periodos, pid),
        mesa_federal=dp.federal.mesa if dp.federal is not None else None,
        origen=periodo.origen,
        fechas_supuestas=periodo.fechas_supuestas,
        correcciones=_correcciones(periodo, dp),
        federal_archivo=dp.federal.archivo if dp.federal is not None else None,
        fuera_de_periodo=fuera,
        catalogo_estatus=catalogos.registros,
    )


def _federal_del_periodo(dp: DatosPeriodo, periodo: Periodo) -> tuple[list[ReunionFederal] | None, list]:
    """Las reuniones federales del periodo y las que caen fuera (validar lo advierte con su línea): una
    reunión fuera del periodo no es del periodo."""
    if dp.federal is None or dp.federal.reuniones is None:
        return None, []
    dentro = [r for r in dp.federal.reuniones if periodo.inicio <= r.fecha <= periodo.fin]
    return dentro, [r for r in dp.federal.reuniones if not periodo.inicio <= r.fecha <= periodo.fin]


def _solicitudes(dp: DatosPeriodo) -> dict | None:
    if dp.federal is None or dp.federal.solicitudes is None:
        return None
    return asdict(dp.federal.solicitudes)


def _historico(periodos: dict[str, DatosPeriodo], pid: str) -> list[ReunionFederal]:
    """La tabla del anexo federal: tal como la publica la fuente, o las reuniones de todos los periodos."""
    dp = periodos[pid]
    if dp.federal is not None and dp.federal.historico is not None:
        return dp.federal.historico
    return [r for p in periodos.values() if p.id <= pid and p.federal and p.federal.reuniones
            for r in p.federal.reuniones]


def _correcciones(periodo: Periodo, dp: DatosPeriodo) -> list[str]:
    """Las del periodo y, por cada reunión federal cuya fecha se corrigió (del periodo o de la tabla del año),
    qué dice la fuente y qué se usa."""
    reuniones = [*(dp.federal.reuniones or []), *(dp.federal.historico or [])] if dp.federal is not None else []
    return list(periodo.correcciones) + [
        f"{r.nombre}: la fuente la fecha el {r.correccion['publicada'].isoformat()}; se usa el "
        f"{r.fecha.isoformat()}. {r.correccion['motivo']}" for r in reuniones if r.correccion]


def forma_textos(catalogos: cat.Catalogos | None = None) -> dict:
    """Lo que un texto del analista puede citar (`r` y `proceso`), para que `validar` revise cada nombre sin
    calcular las cifras (textos.revisar). Refleja `Resumen` y lo que devuelven las funciones de arriba:
    test_hostil compone con un resumen real y comprueba que todo lo declarado existe."""
    from dataclasses import fields

    from ..textos import CUALQUIERA
    from .modelo import Solicitudes

    estatus = dict.fromkeys((catalogos or cat.BASE).claves())
    temas = dict.fromkeys(cat.tipos_tema())
    por_entidad = {CUALQUIERA: None}
    r = {f.name: None for f in fields(Resumen) if f.name != "catalogo_estatus"}
    r.update(
        mesas=dict.fromkeys(("instaladas", "no_instaladas", "no_reportado", "fechas")),
        reuniones={**dict.fromkeys(("total", "entidades", "asistentes_min", "asistentes_max", "asistentes", "tardias",
                                    "no_reportado")), "por_entidad": por_entidad},
        temas={"total": None, "por_tipo": temas, "porcentajes": temas},
        acuerdos={"total": None, "por_estatus": estatus, "por_entidad": por_entidad},
        acuerdos_anteriores={**dict.fromkeys(("total", "del_sistema", "saldo_anterior", "desde", "arrastrados")),
                             "por_estatus": estatus, "al_corte": {"total": None, "por_estatus": estatus},
                             "tomados": dict.fromkeys(("desde", "hasta"))},
        medidas={"total": None, "por_estatus": estatus, "por_entidad": por_entidad},
        solicitudes={f.name: None for f in fields(Solicitudes)},
    )
    return {"r": r, "proceso": dict.fromkeys(("nombre", "institucion", "area"))}
