"""Lectura de los archivos de la familia de seguridad: el de cada JLE aquí; periodo, federal y proceso
en `lectura_periodo`.

Cada archivo se compone con `yaml_seguro` y se interpreta campo por campo con `lector.Lector`;
aquí solo vive lo que sabe de mesas, reuniones, acuerdos, seguimiento y medidas.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from yaml.nodes import Node

from ..cargar import PATRON_PERIODO, periodo_de_carpeta
from ..lector import FALLA, Falla, Lector, corto, linea_de, sin_falla
from ..problemas import problema
from . import catalogos as cat
from . import formato
from .modelo import PATRON_ID, Acuerdo, InformeJLE, Medida, Mesa, Reunion, Seguimiento, Tema, formar_id


def catalogos_del_lector(lector: Lector) -> cat.Catalogos:
    """Los catálogos que la carga pasó (con los alias del proceso de la carpeta), o los de base."""
    return lector.contexto if isinstance(lector.contexto, cat.Catalogos) else cat.BASE


# Las claves de cada mapa del archivo de una JLE salen de `formato.py` (de donde salen también el
# esquema, el orden del serializador y la ayuda de la plantilla).
CAMPOS_JLE = formato.JLE.claves()
CAMPOS_ACUERDO = formato.ACUERDO.claves()


def _leer_periodo_id(lector: Lector, nodo: Node | None, donde: str) -> str | None:
    if nodo is None:
        return None
    # el ejemplo es el periodo de la carpeta del archivo (datos/2024-02/jle/x.yaml), si está en una
    ejemplo = periodo_de_carpeta(Path(lector.archivo)) or "2024-05"
    valor = lector.texto(nodo, donde)
    if valor is FALLA or valor is None:
        if valor is None:
            lector.reportar(nodo, "periodo-invalido", f"{donde}: está vacío.", f"Escriba el periodo como {ejemplo}.")
        return None
    if not PATRON_PERIODO.match(valor):
        lector.reportar(nodo, "periodo-invalido", f"{donde}: «{corto(valor)}» no tiene la forma AAAA-MM.",
                        f"Escriba el mes en que se presenta el informe, como {ejemplo}.")
        return None
    return valor


def leer_jle(raiz: Node, lector: Lector) -> InformeJLE | None:
    campos = lector.mapa(raiz, CAMPOS_JLE, "raíz")
    if campos is None:
        return None
    entidad = _leer_entidad(lector, campos.get("entidad"))
    periodo = _leer_periodo_id(lector, campos.get("periodo"), "periodo")
    informe = InformeJLE(archivo=lector.archivo, entidad=entidad or "?", periodo=periodo or "?",
                         lineas={k: linea_de(n) for k, n in campos.items()})
    _leer_secciones(lector, campos, informe)
    if entidad is None or periodo is None:
        return None
    _asignar_ids(informe, lector)
    return informe


def _leer_entidad(lector: Lector, nodo: Node | None) -> str | None:
    """La abreviatura de la entidad (con los alias del proceso); si no está en el catálogo, ¿quiso decir…?"""
    texto = lector.texto(nodo, "entidad", "campo-requerido") if nodo is not None else None
    if not isinstance(texto, str):
        return None
    e = catalogos_del_lector(lector).entidad(texto)
    if e is not None:
        return e.abreviatura
    parecida = cat.entidad_parecida(texto)
    lector.reportar(nodo, "entidad-desconocida", f"entidad: «{corto(texto)}» no está en el catálogo.",
                    f"¿Quiso decir «{parecida}»?" if parecida else "Escriba el nombre oficial de la entidad.")
    return None


def _leer_secciones(lector: Lector, campos: dict[str, Node], informe: InformeJLE) -> None:
    """Las secciones que el archivo trae: mesa, reuniones, acuerdos, seguimiento y medidas."""
    if "mesa" in campos:
        informe.mesa = _leer_mesa(lector, campos["mesa"])
    if "reuniones" in campos:
        informe.reuniones = leer_lista(lector, campos["reuniones"], "reuniones", _leer_reunion)
    if "acuerdos" in campos:
        leidos = leer_lista(lector, campos["acuerdos"], "acuerdos", _leer_acuerdo)
        informe.acuerdos = leidos or []
        informe.acuerdos_reportados = leidos is not None
    if "seguimiento" in campos:
        informe.seguimiento = leer_lista(lector, campos["seguimiento"], "seguimiento", _leer_seguimiento) or []
    if "medidas" in campos:
        informe.medidas = leer_lista(lector, campos["medidas"], "medidas", _leer_medida)


def leer_lista(lector: Lector, nodo: Node, donde: str, leer_elemento) -> list | None:
    elementos = lector.lista(nodo, donde)
    if elementos is FALLA:
        return []
    if elementos is None:
        return None
    salida = []
    for i, elemento in enumerate(elementos, 1):
        registro = leer_elemento(lector, elemento, f"{donde}[{i}]")
        if registro is not None:
            salida.append(registro)
    return salida


def _leer_mesa(lector: Lector, nodo: Node) -> Mesa | None:
    campos = lector.mapa(nodo, formato.MESA.claves(), "mesa")
    if not campos or "instalada" not in campos:
        return None
    instalada = lector.fecha(campos["instalada"], "mesa.instalada")
    return None if instalada is FALLA else Mesa(instalada, linea_de(campos["instalada"]))


def _leer_reunion(lector: Lector, nodo: Node, donde: str) -> Reunion | None:
    campos = lector.mapa(nodo, formato.REUNION.claves(), donde)
    if campos is None:
        return None
    fecha = lector.fecha(campos.get("fecha"), f"{donde}.fecha")
    modalidad = lector.opcion(campos.get("modalidad"), f"{donde}.modalidad", cat.buscar_modalidad,
                              cat.modalidades(), "modalidad-desconocida")
    asistentes = lector.entero(campos.get("asistentes"), f"{donde}.asistentes", "asistentes-invalido")
    temas = None
    if "temas" in campos:
        temas = leer_lista(lector, campos["temas"], f"{donde}.temas", _leer_tema)
    if not isinstance(fecha, date):
        return None
    return Reunion(fecha, sin_falla(modalidad), sin_falla(asistentes), temas, linea_de(nodo))


def _leer_tema(lector: Lector, nodo: Node, donde: str) -> Tema | None:
    campos = lector.mapa(nodo, formato.TEMA.claves(), donde)
    if campos is None:
        return None
    tipo = lector.opcion(campos.get("tipo"), f"{donde}.tipo", cat.buscar_tipo_tema, cat.tipos_tema(), "tema-desconocido")
    descripcion = lector.texto(campos.get("descripcion"), f"{donde}.descripcion")
    if not isinstance(tipo, str):
        if tipo is None and "tipo" in campos:
            lector.reportar(campos["tipo"], "campo-requerido", f"{donde}.tipo: está vacío.",
                            f"Use uno de: {', '.join(cat.tipos_tema())}.")
        return None
    return Tema(tipo, sin_falla(descripcion), linea_de(nodo))


def _leer_estatus(lector: Lector, campos: dict[str, Node], nodo: Node, donde: str) -> str | None | Falla:
    catalogos = catalogos_del_lector(lector)
    estatus = lector.opcion(campos.get("estatus"), f"{donde}.estatus", catalogos.estatus, catalogos.nombres(),
                            "estatus-desconocido")
    if estatus is None:
        lector.reportar(campos.get("estatus", nodo), "estatus-faltante", f"{donde}: no reporta estatus.",
                        f"Indique uno de: {', '.join(catalogos.nombres())}; si no se conoce, se contará como "
                        f"«{catalogos.sin_estatus.nombre}».")
    return estatus


def _leer_acuerdo(lector: Lector, nodo: Node, donde: str) -> Acuerdo | None:
    campos = lector.mapa(nodo, CAMPOS_ACUERDO, donde)
    if campos is None:
        return None
    id_ = lector.texto(campos.get("id"), f"{donde}.id")
    descripcion = lector.texto(campos.get("descripcion"), f"{donde}.descripcion", "descripcion-vacia")
    estatus = _leer_estatus(lector, campos, nodo, donde)
    fecha = lector.fecha(campos.get("fecha"), f"{donde}.fecha")
    if not isinstance(descripcion, str) or estatus is FALLA:
        return None
    acuerdo = Acuerdo(id_ if isinstance(id_, str) else "", descripcion, estatus, sin_falla(fecha), linea_de(nodo),
                      id_explicito=isinstance(id_, str), estatus_publicado=_estatus_publicado(lector, campos, donde),
                      propios=leer_propios(lector, campos, donde))
    return acuerdo


def leer_propios(lector: Lector, campos: dict[str, Node], donde: str) -> dict[str, str | int | None]:
    """Los campos propios de un acuerdo (`formato.campos_propios`), leídos por su tipo y sus límites. Uno que
    no se pudo leer no entra (su problema ya está reportado); uno que falta, tampoco."""
    propios: dict[str, str | int | None] = {}
    for c in formato.campos_propios():
        nodo = campos.get(c.nombre)
        if nodo is None:
            continue
        leer = {"texto": lector.texto, "fecha": lector.fecha, "entero": lector.entero}[c.tipo]
        valor = leer(nodo, f"{donde}.{c.nombre}")
        if valor is FALLA or valor is None:
            continue
        medida = len(valor) if isinstance(valor, str) else valor if isinstance(valor, int) else None
        if c.maximo is not None and medida is not None and medida > c.maximo:
            codigo, que = ("texto-largo", "caracteres") if isinstance(valor, str) else ("numero-invalido", "como valor")
            lector.reportar(nodo, codigo, f"{donde}.{c.nombre}: admite hasta {c.maximo:,} {que} (tiene {medida:,}).")
            continue
        propios[c.nombre] = valor.isoformat() if hasattr(valor, "isoformat") else valor
    return propios


def _leer_seguimiento(lector: Lector, nodo: Node, donde: str) -> Seguimiento | None:
    campos = lector.mapa(nodo, formato.SEGUIMIENTO.claves(), donde)
    if campos is None:
        return None
    id_ = lector.texto(campos.get("acuerdo"), f"{donde}.acuerdo", "campo-requerido")
    catalogos = catalogos_del_lector(lector)
    estatus = lector.opcion(campos.get("estatus"), f"{donde}.estatus", catalogos.estatus, catalogos.nombres(),
                            "estatus-desconocido")
    if estatus is None and "estatus" in campos:
        lector.reportar(campos["estatus"], "campo-requerido", f"{donde}.estatus: está vacío.",
                        f"Indique uno de: {', '.join(catalogos.nombres())}.")
    if isinstance(id_, str) and not PATRON_ID.match(id_):
        lector.reportar(campos["acuerdo"], "seguimiento-desconocido",
                        f"{donde}.acuerdo: «{corto(id_)}» no es un identificador de acuerdo.",
                        "Copie el identificador tal como aparece en la plantilla (por ejemplo BC-2024-04-003).")
        return None
    if not isinstance(id_, str) or not isinstance(estatus, str):
        return None
    return Seguimiento(id_, estatus, linea_de(nodo))


def _leer_medida(lector: Lector, nodo: Node, donde: str) -> Medida | None:
    campos = lector.mapa(nodo, formato.MEDIDA.claves(), donde)
    if campos is None:
        return None
    descripcion = lector.texto(campos.get("descripcion"), f"{donde}.descripcion", "descripcion-vacia")
    estatus = _leer_estatus(lector, campos, nodo, donde)
    if not isinstance(descripcion, str) or estatus is FALLA:
        return None
    return Medida(descripcion, estatus, linea_de(nodo), _estatus_publicado(lector, campos, donde))


def _estatus_publicado(lector: Lector, campos: dict[str, Node], donde: str) -> str | None:
    """La palabra que la fuente publicó como estatus fuera del catálogo; el anexo la imprime tal cual."""
    if "estatus_publicado" not in campos:
        return None
    texto = lector.texto(campos["estatus_publicado"], f"{donde}.estatus_publicado")
    return texto if isinstance(texto, str) and texto.strip() else None


def _asignar_ids(informe: InformeJLE, lector: Lector) -> None:
    """Identificadores `ABREV-AAAA-MM-NNN`.

    Un id escrito en el archivo es del acuerdo para siempre (reordenar o editar el
    texto no lo cambia). Los acuerdos sin id reciben, en el orden del archivo, el
    siguiente número libre después del mayor ya usado: así agregar acuerdos nuevos
    nunca mueve los de antes. `informe recibir` e `informe importar` escriben los
    ids en el archivo que guardan.
    """
    prefijo = f"{informe.entidad}-{informe.periodo}-"
    usados: set[str] = set()
    mayor = 0
    for a in informe.acuerdos:
        if not a.id_explicito:
            continue
        m = PATRON_ID.match(a.id)
        if not m or not a.id.startswith(prefijo):
            lector.problemas.append(problema(lector.archivo, a.linea, None, "id-invalido",
                                             f"El identificador «{corto(a.id)}» no corresponde a {prefijo}NNN.",
                                             "Borre el campo id: la herramienta asigna los identificadores."))
            a.id_explicito = False
            continue
        if a.id in usados:
            lector.problemas.append(problema(lector.archivo, a.linea, None, "id-duplicado",
                                             f"El identificador «{a.id}» ya lo usa otro acuerdo del archivo.",
                                             "Borre el id repetido: la herramienta asignará uno nuevo."))
            a.id_explicito = False
            continue
        usados.add(a.id)
        mayor = max(mayor, int(m[3]))
    for a in informe.acuerdos:
        if not a.id_explicito:
            mayor += 1
            a.id = formar_id(informe.entidad, informe.periodo, mayor)
