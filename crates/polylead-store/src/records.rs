//! Reading records: pages, single rows, streams, counts and the ids already stored.

use std::collections::BTreeSet;

use futures_util::TryStreamExt;
use polylead_core::act::Act;
use polylead_core::advice::AdviceTie;
use polylead_core::dataset::{Counts, Known};
use polylead_core::decision::{Decision, Response};
use polylead_core::domain::{Delegation, Domain, Rule};
use polylead_core::ids::{DomainId, PersonId, TeamId};
use polylead_core::person::Person;
use polylead_core::record::{Entity, Record};
use polylead_core::role::{Role, RoleFiller};
use polylead_core::setting::Setting;
use polylead_core::team::Team;
use sqlx::{AssertSqlSafe, Row};

use crate::row::{column_list, decode, order_by_key, select_columns};
use crate::{Page, Store, StoreError};

/// The key columns of `entity`'s table (`Record::KEY` of its record type).
pub(crate) fn key_columns(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Setting => Setting::KEY,
        Entity::Team => Team::KEY,
        Entity::Person => Person::KEY,
        Entity::Role => Role::KEY,
        Entity::RoleFiller => RoleFiller::KEY,
        Entity::Domain => Domain::KEY,
        Entity::Rule => Rule::KEY,
        Entity::Delegation => Delegation::KEY,
        Entity::Decision => Decision::KEY,
        Entity::Response => Response::KEY,
        Entity::Act => Act::KEY,
        Entity::AdviceTie => AdviceTie::KEY,
    }
}

/// Clamps a row count to what SQL's LIMIT and OFFSET take.
fn sql_count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// One page of `select` (`SELECT … FROM table`) where all `conditions` hold (over the
    /// `$n` placeholders of `binds`), in `order`, and how many rows match in all.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn filtered_page(
        &self,
        select: &str,
        table: &str,
        conditions: &[String],
        order: &str,
        binds: &[String],
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<sqlx::any::AnyRow>, u64), StoreError> {
        let filter = if conditions.is_empty() { String::new() } else { format!(" WHERE {}", conditions.join(" AND ")) };
        let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}{filter}")));
        for value in binds {
            count = count.bind(value.clone());
        }
        let total = count.fetch_one(&self.reader).await?.max(0) as u64;
        let sql = format!("{select}{filter} ORDER BY {order} LIMIT ${} OFFSET ${}", binds.len() + 1, binds.len() + 2);
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in binds {
            query = query.bind(value.clone());
        }
        let rows = query
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(&self.reader)
            .await?;
        Ok((rows, total))
    }

    /// Rows `offset..offset + limit` of `T`'s table in key order, and the table's row count.
    pub async fn page<T: Record>(&self, offset: u64, limit: u64) -> Result<Page<T>, StoreError> {
        let sql = format!("{}{} LIMIT $1 OFFSET $2", select_columns::<T>(), order_by_key::<T>());
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(sql_count(limit))
            .bind(sql_count(offset))
            .fetch_all(&self.reader)
            .await?;
        let items = rows.iter().map(decode::<T>).collect::<Result<Vec<T>, _>>()?;
        let total = self.count(T::ENTITY).await?;
        Ok(Page { items, total })
    }

    /// The row whose key is `key`, as [`Record::key`] writes it: the id for most entities,
    /// `role_id/person_id` for a role filler.
    pub async fn get<T: Record>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let parts: Vec<&str> = key.splitn(T::KEY.len(), '/').collect();
        if parts.len() != T::KEY.len() {
            return Ok(None);
        }
        let condition: Vec<String> =
            T::KEY.iter().enumerate().map(|(i, name)| format!("\"{name}\" = ${}", i + 1)).collect();
        let sql = format!("{} WHERE {}", select_columns::<T>(), condition.join(" AND "));
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for part in parts {
            query = query.bind(part);
        }
        match query.fetch_optional(&self.reader).await? {
            Some(row) => Ok(Some(decode(&row)?)),
            None => Ok(None),
        }
    }

    /// The rules of `domain`, by position (the order in which they are tried).
    pub async fn rules_of(&self, domain: &DomainId) -> Result<Vec<Rule>, StoreError> {
        let sql = format!("{} WHERE \"domain_id\" = $1 ORDER BY \"position\", \"id\"", select_columns::<Rule>());
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(domain.as_str()).fetch_all(&self.reader).await?;
        rows.iter().map(decode::<Rule>).collect()
    }

    /// Calls `each` on every row of `T`'s table in key order, without holding them all in
    /// memory; stops at the first error. Returns the number of rows passed to `each`.
    pub async fn for_each<T: Record>(
        &self,
        mut each: impl FnMut(T) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let sql = format!("{}{}", select_columns::<T>(), order_by_key::<T>());
        let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&self.reader);
        let mut n = 0;
        while let Some(row) = rows.try_next().await? {
            each(decode(&row)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Every row of `T`'s table in key order, decoded as they stream in (the raw rows are
    /// never all held at once).
    pub async fn all<T: Record>(&self) -> Result<Vec<T>, StoreError> {
        let mut rows = Vec::new();
        self.for_each(|row| {
            rows.push(row);
            Ok(())
        })
        .await?;
        Ok(rows)
    }

    /// The leadership acts that started at `from` or later, in id order: what an analysis of a
    /// recent window reads, without decoding the whole history (`acts_started` index).
    pub async fn acts_since(&self, from: jiff::Timestamp) -> Result<Vec<Act>, StoreError> {
        let sql = format!("{} WHERE \"started_at\" >= $1{}", select_columns::<Act>(), order_by_key::<Act>());
        let mut rows = sqlx::query(AssertSqlSafe(sql)).bind(from.as_millisecond()).fetch(&self.reader);
        let mut acts = Vec::new();
        while let Some(row) = rows.try_next().await? {
            acts.push(decode(&row)?);
        }
        Ok(acts)
    }

    /// The acts `person` performed that started at `from` or later, oldest first
    /// (`acts_actor_started` index).
    pub async fn acts_by(&self, person: &PersonId, from: jiff::Timestamp) -> Result<Vec<Act>, StoreError> {
        let sql = format!(
            "{} WHERE \"actor_id\" = $1 AND \"started_at\" >= $2 ORDER BY \"started_at\", \"id\"",
            select_columns::<Act>()
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(person.as_str())
            .bind(from.as_millisecond())
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(decode::<Act>).collect()
    }

    /// The acts that happened in `team` and started at `from` or later, oldest first
    /// (`acts_team` index).
    pub async fn acts_in_team(&self, team: &TeamId, from: jiff::Timestamp) -> Result<Vec<Act>, StoreError> {
        let sql = format!(
            "{} WHERE \"team_id\" = $1 AND \"started_at\" >= $2 ORDER BY \"started_at\", \"id\"",
            select_columns::<Act>()
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(team.as_str())
            .bind(from.as_millisecond())
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(decode::<Act>).collect()
    }

    /// The advice ties in which `person` is the seeker or the source, in id order.
    pub async fn advice_ties_of(&self, person: &PersonId) -> Result<Vec<AdviceTie>, StoreError> {
        let sql = format!(
            "{} WHERE \"seeker_id\" = $1 OR \"source_id\" = $1{}",
            select_columns::<AdviceTie>(),
            order_by_key::<AdviceTie>()
        );
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(person.as_str()).fetch_all(&self.reader).await?;
        rows.iter().map(decode::<AdviceTie>).collect()
    }

    /// The number of rows of `entity`.
    pub async fn count(&self, entity: Entity) -> Result<u64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM {}", entity.table());
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(&self.reader).await?;
        Ok(n.max(0) as u64)
    }

    /// Row counts per entity, in `Entity::ALL` order.
    pub async fn counts(&self) -> Result<Counts, StoreError> {
        let mut counts = Vec::with_capacity(Entity::ALL.len());
        for entity in Entity::ALL {
            counts.push((entity, self.count(entity).await?));
        }
        Ok(counts)
    }

    /// Whether no entity has a row (settings and history aside).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        for entity in Entity::ALL.into_iter().filter(|entity| *entity != Entity::Setting) {
            let sql = format!("SELECT 1 FROM {} LIMIT 1", entity.table());
            if sqlx::query(AssertSqlSafe(sql)).fetch_optional(&self.reader).await?.is_some() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The keys of every stored entity except acts and advice ties (which nothing refers to),
    /// as [`Record::key`] writes them, for checking a batch against the database.
    pub async fn known(&self) -> Result<Known, StoreError> {
        let mut known = Known::default();
        for entity in Entity::ALL {
            if matches!(entity, Entity::Act | Entity::AdviceTie) {
                continue;
            }
            let columns = key_columns(entity);
            let sql = format!("SELECT {} FROM {}", column_list(columns.iter().copied()), entity.table());
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&self.reader);
            let mut keys = BTreeSet::new();
            while let Some(row) = rows.try_next().await? {
                let parts = (0..columns.len()).map(|i| row.try_get::<String, _>(i)).collect::<Result<Vec<_>, _>>()?;
                keys.insert(parts.join("/"));
            }
            known.ids.insert(entity, keys);
        }
        Ok(known)
    }
}
