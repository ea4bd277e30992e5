"""Lectura de los archivos de la familia de seguridad que no son de una JLE: periodo (con sus cifras
publicadas), mesa federal y proceso. Las piezas comunes (listas, catálogos) son de `lectura`."""

from __future__ import annotations

import re
from datetime import date

from yaml.nodes import Node, ScalarNode

from ..lector import FALLA, Lector, corto, es_plano, linea_de, sin_falla
from ..proceso import leer_comunes
from . import catalogos as cat
from .lectura import catalogos_del_lector, leer_lista
from .modelo import ORIGENES, Federal, Periodo, Proceso, Publicado, ReunionFederal, Solicitudes

CAMPOS_PERIODO = {"numero": True, "inicio": True, "fin": True, "ultimo": False, "corte_estatal": False,
                  "saldo_anterior": False, "publicado": False, "supuestos": False,
                  "origen": False, "fechas_supuestas": False, "correcciones": False, "fuente": False,
                  "entidades_publicadas": False}


def leer_periodo(raiz: Node, lector: Lector, id_carpeta: str | None) -> Periodo | None:
    campos = lector.mapa(raiz, CAMPOS_PERIODO, "raíz")
    if campos is None:
        return None
    numero = _numero_de_informe(lector, campos.get("numero"))
    inicio = lector.fecha(campos.get("inicio"), "inicio")
    fin = lector.fecha(campos.get("fin"), "fin")
    ultimo = lector.booleano(campos.get("ultimo"), "ultimo")
    origen = sin_falla(lector.opcion(campos.get("origen"), "origen", lambda t: next(
        (o for o in ORIGENES if cat.normalizar(o) == cat.normalizar(t)), None), ORIGENES, "origen-desconocido"))
    corte = sin_falla(lector.fecha(campos.get("corte_estatal"), "corte_estatal"))
    saldo, desde, hasta = _leer_saldo(lector, campos["saldo_anterior"]) if "saldo_anterior" in campos else (None, None, None)
    publicado = _leer_publicado(lector, campos["publicado"]) if "publicado" in campos else None
    supuestos, correcciones = (_textos(lector, campos, clave) for clave in ("supuestos", "correcciones"))
    fechas_supuestas = sin_falla(lector.booleano(campos.get("fechas_supuestas"), "fechas_supuestas"))
    fuente = sin_falla(lector.texto(campos.get("fuente"), "fuente", "descripcion-vacia"))
    publicadas = _entidades_publicadas(lector, campos["entidades_publicadas"]) if "entidades_publicadas" in campos else {}
    if not _rango_valido(lector, campos, inicio, fin):
        return None
    corte = _corte_en_periodo(lector, campos, inicio, fin, corte)
    if not (isinstance(numero, int) and isinstance(inicio, date) and isinstance(fin, date)):
        return None
    return Periodo(lector.archivo, id_carpeta or f"{fin.year}-{fin.month:02d}", numero, inicio, fin,
                   bool(sin_falla(ultimo)), saldo, supuestos, corte, desde, hasta, publicado, origen or "jle",
                   bool(fechas_supuestas), correcciones, linea_de(raiz), fuente, publicadas)


def _entidades_publicadas(lector: Lector, nodo: Node) -> dict[str, str]:
    """`entidades_publicadas: [Coahuila de Zaragoza]`: cada nombre, como lo escribe la fuente, de una entidad
    del catálogo; nombre corto → ese nombre."""
    def leer(lec: Lector, n: Node, donde: str):
        e = _entidad(lec, n, donde)
        return (e.corto, " ".join(n.value.split())) if e is not None else None

    return dict(leer_lista(lector, nodo, "entidades_publicadas", leer) or [])


def _numero_de_informe(lector: Lector, nodo: Node | None):
    numero = lector.entero(nodo, "numero")
    if isinstance(numero, int) and not 1 <= numero <= 30:
        lector.reportar(nodo, "numero-invalido", f"numero: {numero} está fuera del rango 1 a 30.")
        return FALLA
    return numero


def _textos(lector: Lector, campos: dict[str, Node], clave: str) -> list[str]:
    """Una lista de textos del periodo (supuestos, correcciones); vacía si no está."""
    if clave not in campos:
        return []
    return leer_lista(lector, campos[clave], clave, lambda lec, n, d: sin_falla(lec.texto(n, d, "descripcion-vacia"))) or []


def _rango_valido(lector: Lector, campos: dict[str, Node], inicio, fin) -> bool:
    if isinstance(inicio, date) and isinstance(fin, date) and inicio > fin:
        lector.reportar(campos["inicio"], "periodo-rango", f"inicio ({inicio}) es posterior a fin ({fin}).")
        return False
    return True


def _corte_en_periodo(lector: Lector, campos: dict[str, Node], inicio, fin, corte: date | None) -> date | None:
    """El corte de la información de las JLE, si cae dentro del periodo (si no, se reporta y no vale)."""
    if isinstance(fin, date) and corte is not None and not (isinstance(inicio, date) and inicio <= corte <= fin):
        lector.reportar(campos["corte_estatal"], "periodo-rango",
                        f"corte_estatal ({corte}) debe caer entre inicio y fin del periodo.")
        return None
    return corte


def _leer_saldo(lector: Lector, nodo: Node) -> tuple[dict[str, int] | None, date | None, date | None]:
    """El estatus, a este corte, de los acuerdos de informes que no están en el sistema, y cuándo se tomaron.
    Sus claves son los estatus del catálogo del proceso (el comodín incluido)."""
    etiquetas = {**{e: False for e in catalogos_del_lector(lector).claves()}, "desde": False, "hasta": False}
    campos = lector.mapa(nodo, etiquetas, "saldo_anterior")
    if campos is None:
        return None, None, None
    saldo = {}
    for clave, valor in campos.items():
        if clave in ("desde", "hasta"):
            continue
        n = lector.entero(valor, f"saldo_anterior.{clave}")
        if isinstance(n, int):
            saldo[clave] = n
    desde = sin_falla(lector.fecha(campos.get("desde"), "saldo_anterior.desde"))
    hasta = sin_falla(lector.fecha(campos.get("hasta"), "saldo_anterior.hasta"))
    return saldo, desde, hasta


CAMPOS_PUBLICADO = {"reuniones": False, "entidades": False, "asistentes": False, "temas": False,
                    "acuerdos": False, "jle_incorporadas": False, "jle_no_incorporadas": False,
                    "reuniones_tardias": False}


def _porcentaje(lector: Lector, nodo: Node, donde: str) -> float | None:
    crudo = nodo.value.strip() if isinstance(nodo, ScalarNode) else ""
    if isinstance(nodo, ScalarNode) and es_plano(nodo) and re.fullmatch(r"\d{1,3}(\.\d{1,2})?", crudo) \
            and float(crudo) <= 100:
        return float(crudo)
    lector.reportar(nodo, "numero-invalido", f"{donde}: se esperaba un porcentaje entre 0 y 100 (como 38.4).")
    return None


def _leer_publicado(lector: Lector, nodo: Node) -> Publicado | None:
    """Las cifras que un informe publicó en agregado: cada bloque se lee y se coteja consigo mismo."""
    campos = lector.mapa(nodo, CAMPOS_PUBLICADO, "publicado")
    if campos is None:
        return None
    # la línea de cada clave (no de su valor): ahí se señala una cifra que no cuadra
    claves = {k.value: linea_de(k) for k, _ in nodo.value if isinstance(k, ScalarNode)}
    pub = Publicado(linea_de(nodo), lineas={k: claves.get(k, linea_de(v)) for k, v in campos.items()})
    for clave in ("reuniones", "entidades", "jle_incorporadas"):
        setattr(pub, clave, sin_falla(lector.entero(campos.get(clave), f"publicado.{clave}")))
    for clave, leer in (("asistentes", _publicado_asistentes), ("temas", _publicado_temas),
                        ("acuerdos", _publicado_acuerdos), ("jle_no_incorporadas", _publicado_no_incorporadas),
                        ("reuniones_tardias", _publicado_tardias)):
        if clave in campos:
            leer(lector, campos[clave], pub)
    _cotejar_publicado(lector, campos, pub)
    return pub


def _publicado_asistentes(lector: Lector, nodo: Node, pub: Publicado) -> None:
    rango = lector.mapa(nodo, {"minimo": True, "maximo": True}, "publicado.asistentes") or {}
    pub.asistentes_min = sin_falla(lector.entero(rango.get("minimo"), "publicado.asistentes.minimo"))
    pub.asistentes_max = sin_falla(lector.entero(rango.get("maximo"), "publicado.asistentes.maximo"))


def _publicado_temas(lector: Lector, nodo: Node, pub: Publicado) -> None:
    tipos = cat.tipos_tema()
    temas = lector.mapa(nodo, {t: True for t in tipos}, "publicado.temas") or {}
    valores = {t: _porcentaje(lector, n, f"publicado.temas.{t}") for t, n in temas.items()}
    if len(valores) == len(tipos) and None not in valores.values():
        pub.temas = {t: valores[t] for t in tipos}
        if abs(sum(pub.temas.values()) - 100) > 0.15:
            lector.reportar(nodo, "publicado-no-cuadra",
                            f"publicado.temas: los porcentajes suman {sum(pub.temas.values()):.1f}, no 100.")


def _publicado_acuerdos(lector: Lector, nodo: Node, pub: Publicado) -> None:
    """Acuerdos por estatus: las claves son los estatus del catálogo del proceso (el comodín incluido)."""
    claves = catalogos_del_lector(lector).claves()
    estatus = lector.mapa(nodo, {e: False for e in claves}, "publicado.acuerdos") or {}
    conteo = {e: sin_falla(lector.entero(n, f"publicado.acuerdos.{e}")) for e, n in estatus.items()}
    if conteo and None not in conteo.values():
        pub.acuerdos = {e: conteo.get(e, 0) for e in claves}


def _publicado_no_incorporadas(lector: Lector, nodo: Node, pub: Publicado) -> None:
    pub.jle_no_incorporadas = leer_lista(lector, nodo, "publicado.jle_no_incorporadas",
                                         lambda lec, n, d: getattr(_entidad(lec, n, d), "abreviatura", None)) or []


def _publicado_tardias(lector: Lector, nodo: Node, pub: Publicado) -> None:
    pub.tardias = leer_lista(lector, nodo, "publicado.reuniones_tardias", _leer_tardia) or []


def _cotejar_publicado(lector: Lector, campos: dict[str, Node], pub: Publicado) -> None:
    """Lo que las cifras publicadas no pueden decir a la vez."""
    if pub.reuniones is not None and pub.entidades is not None and pub.entidades > pub.reuniones:
        lector.reportar(campos["entidades"], "publicado-no-cuadra",
                        f"publicado: {pub.entidades} entidades con reuniones, pero solo {pub.reuniones} reuniones.")
    if (pub.asistentes_min is not None and pub.asistentes_max is not None
            and pub.asistentes_min > pub.asistentes_max):
        lector.reportar(campos["asistentes"], "publicado-no-cuadra",
                        f"publicado.asistentes: el mínimo ({pub.asistentes_min}) excede al máximo ({pub.asistentes_max}).")


def _entidad(lector: Lector, nodo: Node | None, donde: str, codigo_vacio: str = "descripcion-vacia"):
    """Una entidad del catálogo escrita en un campo de texto (nombre, abreviatura o alias), o None."""
    texto = sin_falla(lector.texto(nodo, donde, codigo_vacio))
    e = catalogos_del_lector(lector).entidad(texto) if isinstance(texto, str) else None
    if isinstance(texto, str) and e is None:
        lector.reportar(nodo, "entidad-desconocida", f"{donde}: «{corto(texto)}» no está en el catálogo.")
    return e


def _leer_tardia(lector: Lector, nodo: Node, donde: str) -> dict | None:
    campos = lector.mapa(nodo, {"entidad": True, "fecha": True, "reportada": False}, donde)
    if not campos:
        return None
    e = _entidad(lector, campos.get("entidad"), f"{donde}.entidad", "campo-requerido")
    fecha = sin_falla(lector.fecha(campos.get("fecha"), f"{donde}.fecha"))
    reportada = sin_falla(lector.fecha(campos.get("reportada"), f"{donde}.reportada"))
    if e is None or fecha is None:
        return None
    return {"entidad": e.corto, "fecha": fecha.isoformat(), "reportada": reportada.isoformat() if reportada else None}


def leer_federal(raiz: Node, lector: Lector, periodo: str | None) -> Federal | None:
    campos = lector.mapa(raiz, {"reuniones": False, "historico": False, "solicitudes": False, "pendiente": False,
                                 "mesa": False}, "raíz")
    if campos is None:
        return None
    reuniones = leer_lista(lector, campos["reuniones"], "reuniones", _leer_reunion_federal) if "reuniones" in campos else None
    historico = leer_lista(lector, campos["historico"], "historico", _leer_reunion_federal) if "historico" in campos else None
    solicitudes = None
    if "solicitudes" in campos:
        s = lector.mapa(campos["solicitudes"], {"recibidas": False, "sspc": False, "opl": False}, "solicitudes")
        if s is not None:
            valores = {k: sin_falla(lector.entero(s.get(k), f"solicitudes.{k}")) for k in ("recibidas", "sspc", "opl")}
            solicitudes = Solicitudes(**valores)
            if None not in valores.values() and valores["recibidas"] != valores["sspc"] + valores["opl"]:
                lector.reportar(campos["solicitudes"], "solicitudes-no-cuadran",
                                f"solicitudes: {valores['sspc']} a la SSPC + {valores['opl']} a los OPL "
                                f"no suman las {valores['recibidas']} recibidas.")
    pendiente = bool(sin_falla(lector.booleano(campos.get("pendiente"), "pendiente")))
    mesa = sin_falla(lector.texto(campos.get("mesa"), "mesa"))
    return Federal(lector.archivo, periodo or "?", reuniones, solicitudes, historico, pendiente, mesa)


def _leer_reunion_federal(lector: Lector, nodo: Node, donde: str) -> ReunionFederal | None:
    campos = lector.mapa(nodo, {"fecha": True, "nombre": True, "puntos": False, "resumen": False,
                                "correccion": False}, donde)
    if campos is None:
        return None
    fecha = lector.fecha(campos.get("fecha"), f"{donde}.fecha")
    correccion = None
    if "correccion" in campos:
        c = lector.mapa(campos["correccion"], {"publicada": True, "motivo": True}, f"{donde}.correccion") or {}
        publicada = sin_falla(lector.fecha(c.get("publicada"), f"{donde}.correccion.publicada"))
        motivo = sin_falla(lector.texto(c.get("motivo"), f"{donde}.correccion.motivo", "descripcion-vacia"))
        if publicada is not None and motivo is not None:
            correccion = {"publicada": publicada, "motivo": motivo}
    nombre = lector.texto(campos.get("nombre"), f"{donde}.nombre", "descripcion-vacia")
    puntos = leer_lista(lector, campos["puntos"], f"{donde}.puntos",
                         lambda lec, n, d: sin_falla(lec.texto(n, d, "descripcion-vacia"))) if "puntos" in campos else []
    resumen = lector.texto(campos.get("resumen"), f"{donde}.resumen")
    if not isinstance(fecha, date) or not isinstance(nombre, str):
        return None
    nodo_fecha = campos.get("fecha")
    columna = nodo_fecha.start_mark.column + 1 if nodo_fecha is not None else None
    return ReunionFederal(fecha, nombre, puntos or [], sin_falla(resumen), linea_de(nodo_fecha or nodo), columna, correccion)


def leer_proceso(raiz: Node, lector: Lector) -> Proceso | None:
    """proceso.yaml: lo común (`informe.proceso`) y los catálogos del proceso."""
    comunes = leer_comunes(raiz, lector, {"catalogos": False, "fuente": False})
    if comunes is None:
        return None
    campos = comunes.campos
    alias_entidades: dict[str, str] = {}
    alias_estatus: dict[str, str] = {}
    agregados: tuple = ()
    if "catalogos" in campos:
        from .lectura_catalogos import leer_alias_entidades, leer_estatus

        catalogos = lector.mapa(campos["catalogos"], {"entidades": False, "estatus": False}, "catalogos") or {}
        alias_entidades = leer_alias_entidades(lector, catalogos.get("entidades"))
        alias_estatus, agregados = leer_estatus(lector, catalogos.get("estatus"))
    fuente = sin_falla(lector.texto(campos.get("fuente"), "fuente", "descripcion-vacia"))
    publicadas = _entidades_publicadas(lector, campos["entidades_publicadas"]) if "entidades_publicadas" in campos else {}
    if not comunes.completos():
        return None
    return Proceso(lector.archivo, textos=comunes.textos, alias_entidades=alias_entidades, alias_estatus=alias_estatus,
                   estatus_agregados=agregados, severidades=comunes.severidades(lector), fuente=fuente,
                   **comunes.valores)  # type: ignore[arg-type]
